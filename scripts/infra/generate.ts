// `npm run infra`: writes the values derived from the rule and action catalogs (the custom
// role, the Event Grid filters, the event types, ward's tables) into infra/*.json, and the role's
// permission table into docs/deployment.md.
// `npm run infra -- --check` changes nothing and exits 1 when a template has drifted.
// `npm run infra -- --policy FILE.yaml [--parameters FILE.json]` converts a policy to the
// template's `policyJson` parameter (into the parameters file, else to stdout).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { format, resolveConfig } from 'prettier';
import { ConfigError } from '../../src/config/errors';
import { deriveInfra } from './derive';
import { policyParameterFile, withPolicyParameter } from './policy-parameter';
import { DEPLOYMENT_DOC, permissionsTable, withPermissionsTable } from './permissions-doc';
import { TEMPLATE_FILES, parseTemplate, withDerived, type TemplateName } from './templates';

const root = resolve(import.meta.dirname, '../..');

async function formatted(text: string, path: string, parser: 'json' | 'markdown'): Promise<string> {
  const options = (await resolveConfig(path)) ?? {};
  return format(text, { ...options, parser, filepath: path });
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a file`);
  return value;
}

async function writePolicy(policyPath: string, parametersPath: string | undefined): Promise<void> {
  const policy = policyParameterFile(resolve(policyPath));
  if (parametersPath === undefined) {
    process.stdout.write(`${policy.json}\n`);
    return;
  }
  const path = resolve(parametersPath);
  const current = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>)
    : {};
  const next = await formatted(
    JSON.stringify(withPolicyParameter(current, policy), null, 2),
    path,
    'json',
  );
  writeFileSync(path, next);
  const dry =
    policy.dryRun === undefined
      ? 'dryRun left as the parameters file or the template says (true unless set)'
      : `dryRun ${String(policy.dryRun)} as the policy says`;
  process.stdout.write(
    `infra: wrote policyJson from ${policyPath} into ${parametersPath}; ${dry}\n`,
  );
}

async function main(): Promise<void> {
  const policyPath = argument('--policy');
  if (policyPath !== undefined) {
    await writePolicy(policyPath, argument('--parameters'));
    return;
  }
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
  if (cause instanceof ConfigError) {
    process.stderr.write(`infra: ${cause.code}: ${cause.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`infra: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exit(2);
});
