// Regenerates the docs that mirror code: the README rule catalog and docs/policy.schema.json.
// `npx tsx scripts/update-docs.ts` (or `npm run docs`); tests fail when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { catalogMarkdown, replaceCatalog } from '../src/cli/format/catalog';
import { policyJsonSchema } from '../src/config/policy-json-schema';
import { createRegistry } from '../src/rules/registry';

const root = resolve(import.meta.dirname, '..');

async function writeFormatted(file: string, text: string, parser: string): Promise<void> {
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(text, { ...options, parser }));
}

const readmePath = join(root, 'README.md');
const readme = replaceCatalog(
  readFileSync(readmePath, 'utf8'),
  catalogMarkdown(createRegistry().rules),
);
await writeFormatted(readmePath, readme, 'markdown');
await writeFormatted(
  join(root, 'docs', 'policy.schema.json'),
  JSON.stringify(policyJsonSchema(), null, 2),
  'json',
);
console.log('docs: README catalog and docs/policy.schema.json regenerated');
