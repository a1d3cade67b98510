// `npm run infra`: writes the values derived from the rule and action catalogs (the custom
// role, the Event Grid filters, the event types, ward's tables) into infra/*.json.
// `npm run infra -- --check` changes nothing and exits 1 when a template has drifted.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { format, resolveConfig } from 'prettier';
import { deriveInfra } from './derive';
import { TEMPLATE_FILES, parseTemplate, withDerived, type TemplateName } from './templates';

const root = resolve(import.meta.dirname, '../..');

async function formatJson(value: unknown, path: string): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(JSON.stringify(value, null, 2), { ...options, parser: 'json', filepath: path });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const derived = deriveInfra();
  const drifted: string[] = [];
  for (const name of Object.keys(TEMPLATE_FILES) as TemplateName[]) {
    const path = resolve(root, TEMPLATE_FILES[name]);
    const current = readFileSync(path, 'utf8');
    const next = await formatJson(withDerived(parseTemplate(current, path), derived[name]), path);
    if (next === current) continue;
    drifted.push(TEMPLATE_FILES[name]);
    if (!check) writeFileSync(path, next);
  }
  if (check && drifted.length > 0) {
    process.stderr.write(
      `infra: ${drifted.join(', ')} differ from the catalogs; run \`npm run infra\`.\n`,
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    drifted.length === 0
      ? 'infra: templates are up to date\n'
      : `infra: wrote ${drifted.join(', ')}\n`,
  );
}

main().catch((cause: unknown) => {
  process.stderr.write(`infra: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exit(2);
});
