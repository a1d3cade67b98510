import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env';
import { policyJsonSchema } from '../../src/config/policy-json-schema';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Every field name of the policy, at any depth. */
function fieldNames(node: SchemaNode): string[] {
  const target = node.items ?? node;
  return Object.entries(target.properties ?? {}).flatMap(([name, child]) => [
    name,
    ...fieldNames(child),
  ]);
}

describe('docs/configuration.md', () => {
  it('explains every app setting', () => {
    for (const key of Object.keys(envSchema.shape)) expect(DOC).toContain(`\`${key}\``);
  });

  it('explains every policy field', () => {
    // A field is named in code style, alone (`reason`) or on a dotted path (`budget.maxChanges`).
    const codeSpans = [...DOC.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
    const named = new Set(codeSpans.flatMap((span) => span.split(/[.\s:]+/)));
    const unexplained = fieldNames(policyJsonSchema() as SchemaNode).filter(
      (name) => !named.has(name),
    );
    expect(unexplained).toEqual([]);
  });
});
