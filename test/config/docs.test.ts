import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envSchema } from '../../src/config/env';
import { policyJsonSchema } from '../../src/config/policy-json-schema';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'configuration.md'), 'utf8');

/** The text of a `## ` section of the page, up to the next `## ` heading. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/configuration.md has no section "## ${title}"`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  default?: unknown;
  enum?: unknown[];
  format?: string;
}

/** One `- \`name\`…` bullet (or `- **\`name\`**`) with its continuation lines. */
interface Bullet {
  name: string;
  indent: number;
  text: string;
}

function bulletsOf(text: string): Bullet[] {
  const lines = text.split('\n');
  const bullets: Bullet[] = [];
  lines.forEach((line, i) => {
    const match = /^( *)- (?:\*\*)?`([^`]+)`/.exec(line);
    if (!match) return;
    const indent = match[1]?.length ?? 0;
    const body = [line];
    for (const next of lines.slice(i + 1)) {
      const nextIndent = /^ */.exec(next)?.[0].length ?? 0;
      if (next.trim() === '' || nextIndent <= indent) break;
      body.push(next);
    }
    bullets.push({ name: match[2] ?? '', indent, text: body.join('\n') });
  });
  return bullets;
}

/** `### ` subsections of the policy section, each with the code spans of its heading. */
function policySubsections(): { names: string[]; text: string }[] {
  return section('The policy')
    .split(/\n(?=### )/)
    .filter((part) => part.startsWith('### '))
    .map((text) => ({
      names: [...(text.split('\n')[0] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''),
      text,
    }));
}

/** How the page states a default: `default \`20\``. */
function defaultText(value: unknown): string {
  return `default \`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

const isScalar = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** Fields of an object, or of the objects of a list. */
function fieldsOf(node: SchemaNode): [string, SchemaNode][] {
  return Object.entries((node.items ?? node).properties ?? {});
}

/** An object of fields, explained by its fields' entries (`budget.maxChanges`), not its own. */
const isGroup = (node: SchemaNode): boolean =>
  node.items === undefined && fieldsOf(node).length > 0;

/**
 * Problems with how the fields of `node` (at `path`) are explained in `scope`: each needs a
 * bullet named by its path from the entry that holds it (`prefix`), stating its default where the
 * schema has a scalar one. A list of objects explains its objects' fields inside its own bullet;
 * a map (`{ <rule-id>: { mode } }`) shows its values' fields in a code span of its bullet.
 */
function explainFields(node: SchemaNode, scope: string, prefix: string, path: string): string[] {
  return fieldsOf(node).flatMap(([field, child]) => {
    const name = prefix === '' ? field : `${prefix}.${field}`;
    const at = `${path}.${field}`;
    if (isGroup(child)) return explainFields(child, scope, name, at);
    const bullet = bulletsOf(scope).find((b) => b.name === name);
    if (!bullet) return [`${at}: no bullet \`${name}\``];
    const problems: string[] = [];
    if (isScalar(child.default) && !bullet.text.includes(defaultText(child.default))) {
      problems.push(`${at}: its bullet does not say ${defaultText(child.default)}`);
    }
    if (child.items) problems.push(...explainFields(child, bullet.text, '', at));
    const values = typeof child.additionalProperties === 'object' ? child.additionalProperties : {};
    for (const [key] of fieldsOf(values)) {
      if (!new RegExp(`\`[^\`]*\\b${key}:[^\`]*\``).test(bullet.text)) {
        problems.push(`${at}: its bullet shows no \`${key}:\` of the map's values`);
      }
    }
    return problems;
  });
}

describe('docs/configuration.md', () => {
  describe('app settings', () => {
    const table = section('App settings')
      .split('\n')
      .map((line) => /^\| `([A-Z_]+)` +\| ([^|]+?) +\| (.+?) *\|$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({
        key: match[1] ?? '',
        byDefault: match[2] ?? '',
        meaning: match[3] ?? '',
      }));
    const json = z.toJSONSchema(envSchema, { io: 'input' }) as {
      properties: Record<string, SchemaNode>;
    };

    it('has one table row per setting ward reads, and none for a setting it does not', () => {
      expect(table.map((row) => row.key).sort()).toEqual(Object.keys(envSchema.shape).sort());
    });

    it.each(Object.entries(json.properties))(
      'explains %s with its default and allowed values',
      (key, node) => {
        const row = table.find((r) => r.key === key);
        if (!row) throw new Error(`no row for ${key}`);
        expect(row.meaning.split(/\s+/).length, 'a sentence, not a word').toBeGreaterThan(3);
        if (node.default === undefined) expect(['—', 'none']).toContain(row.byDefault);
        else expect(`default ${row.byDefault}`).toBe(defaultText(node.default));
        for (const value of node.enum ?? []) expect(row.meaning).toContain(`\`${String(value)}\``);
        if (node.format === 'uri') expect(row.meaning).toContain('Must be a URL');
      },
    );
  });

  describe('the policy', () => {
    const schema = policyJsonSchema() as SchemaNode;
    const subsections = policySubsections();

    it.each(fieldsOf(schema))(
      'explains `%s` and each of its fields, with their defaults',
      (field, node) => {
        const own = subsections.find((s) => s.names.includes(field));
        if (!own) throw new Error(`no subsection names \`${field}\``);
        // A subsection of its own explains the field's fields as bullets (or, for a plain value,
        // the field itself); where a subsection holds several (`rules` and `scopes`), each is a bullet.
        const problems =
          own.names.length > 1
            ? explainFields({ properties: { [field]: node } }, own.text, '', '')
            : fieldsOf(node).length > 0
              ? explainFields(node, own.text, '', field)
              : isScalar(node.default) && !own.text.includes(defaultText(node.default))
                ? [`${field}: its subsection does not say ${defaultText(node.default)}`]
                : [];
        expect(problems).toEqual([]);
      },
    );

    it('explains no policy field that does not exist', () => {
      const known = new Set<string>();
      const collect = (node: SchemaNode, prefix: string): void => {
        const target = node.items ?? node;
        for (const [name, child] of Object.entries(target.properties ?? {})) {
          known.add(name);
          if (prefix !== '') known.add(`${prefix}.${name}`);
          collect(child, child.type === 'object' && !child.items ? name : '');
        }
      };
      collect(schema, '');
      const stale = subsections
        .flatMap((s) => bulletsOf(s.text))
        .map((b) => b.name)
        .filter((name) => !known.has(name));
      expect(stale).toEqual([]);
    });
  });
});
