// `npm run infra`: writes the values derived from the rule and action catalogs (the custom
// role, the Event Grid filters, the event types, ward's tables) into infra/*.json, and the role's
// permission table into docs/deployment.md.
// `npm run infra -- --check` changes nothing and exits 1 when a template has drifted.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { format, resolveConfig } from 'prettier';
import { deriveInfra } from './derive';
import { DEPLOYMENT_DOC, permissionsTable, withPermissionsTable } from './permissions-doc';
import { TEMPLATE_FILES, parseTemplate, withDerived, type TemplateName } from './templates';

const root = resolve(import.meta.dirname, '../..');

async function formatted(text: string, path: string, parser: 'json' | 'markdown'): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, parser, filepath: path });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const derived = deriveInfra();
  const drifted: string[] = [];
  for (const name of Object.keys(TEMPLATE_FILES) as TemplateName[]) {
    const path = resolve(root, TEMPLATE_FILES[name]);
    const current = readFileSync(path, 'utf8');
    const template = withDerived(parseTemplate(current, path), derived[name]);
    const next = await formatted(JSON.stringify(template, null, 2), path, 'json');
    if (next === current) continue;
    drifted.push(TEMPLATE_FILES[name]);
    if (!check) writeFileSync(path, next);
  }
  const docPath = resolve(root, DEPLOYMENT_DOC);
  const doc = readFileSync(docPath, 'utf8');
  const nextDoc = await formatted(
    withPermissionsTable(doc, permissionsTable()),
    docPath,
    'markdown',
  );
  if (nextDoc !== doc) {
    drifted.push(DEPLOYMENT_DOC);
    if (!check) writeFileSync(docPath, nextDoc);
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
