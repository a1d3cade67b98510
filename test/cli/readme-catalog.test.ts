import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { catalogMarkdown, currentCatalog, replaceCatalog } from '../../src/cli/format/catalog';
import { createRegistry } from '../../src/rules/registry';

const README = join(import.meta.dirname, '..', '..', 'README.md');

describe('README rule catalog', () => {
  it('is the table generated from the registry (regenerate with `npm run docs`)', async () => {
    const readme = readFileSync(README, 'utf8');
    const options = (await resolveConfig(README)) ?? {};
    const regenerated = await format(
      replaceCatalog(readme, catalogMarkdown(createRegistry().rules)),
      { ...options, parser: 'markdown' },
    );
    expect(currentCatalog(readme)).toBe(currentCatalog(regenerated));
  });

  it('names every registered rule', () => {
    const table = currentCatalog(readFileSync(README, 'utf8')) ?? '';
    for (const rule of createRegistry().rules) expect(table).toContain(`\`${rule.metadata.id}\``);
  });
});
