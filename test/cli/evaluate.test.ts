import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/rules/registry';
import { storageMinTls12 } from '../../src/rules/storage-min-tls-1-2';
import { runCli } from './run-cli';

const EXAMPLES = join(import.meta.dirname, '..', 'fixtures', 'examples');
const example = (name: string): string => join(EXAMPLES, name);
const NOW = ['--now', '2026-11-23T12:00:00Z'];

const STORAGE_ID =
  '/subscriptions/{subscription-id}/resourceGroups/res9407/providers/Microsoft.Storage/storageAccounts/sto8596';
const VAULT_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sample-resource-group/providers/Microsoft.KeyVault/vaults/sample-vault';
const SECRET_ID = 'https://myvault.vault.azure.net/secrets/mysecretname';

interface JsonResult {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
  evidence: { path: string; actual?: unknown; expected: string }[];
}

function results(stdout: string): JsonResult[] {
  return (JSON.parse(stdout) as { results: JsonResult[] }).results;
}

function find(list: JsonResult[], resourceId: string, ruleId: string): JsonResult | undefined {
  return list.find((r) => r.resourceId === resourceId && r.ruleId === ruleId);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ward-evaluate-'));
  writeFileSync(join(dir, 'bad-json.json'), '{"id": "/subscriptions/x", ');
  writeFileSync(join(dir, 'bad-not-snapshot.json'), JSON.stringify({ hello: 'world' }));
  writeFileSync(
    join(dir, 'unknown-type.json'),
    JSON.stringify({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app',
      name: 'app',
      type: 'Microsoft.Web/sites',
      properties: { publicNetworkAccess: 'Enabled' },
    }),
  );
  // A folder of snapshots: its .json files are read, anything else in it is left alone.
  mkdirSync(join(dir, 'estate'));
  writeFileSync(join(dir, 'estate', 'README.txt'), 'not a snapshot');
  mkdirSync(join(dir, 'estate', 'nested.json'));
  mkdirSync(join(dir, 'empty-folder'));
  writeFileSync(join(dir, 'empty.json'), ' \n');
  writeFileSync(
    join(dir, 'secret-expiring.json'),
    JSON.stringify({
      id: 'https://myvault.vault.azure.net/secrets/soon/1',
      // Expires 2026-12-13T12:00:00Z: 20 days after NOW.
      attributes: { enabled: true, exp: Date.UTC(2026, 11, 13, 12) / 1000 },
    }),
  );
  writeFileSync(join(dir, 'policy-10-days.yaml'), 'secrets:\n  nearExpiryDays: 10\n');
  writeFileSync(join(dir, 'policy-bad.yaml'), 'secrets:\n  nearExpiryDays: -1\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ward evaluate --format json', () => {
  it('evaluates example payloads and exits 0 although rules fail', async () => {
    const run = await runCli([
      'evaluate',
      example('storage-account.json'),
      example('keyvault-vault.json'),
      example('keyvault-secret.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const list = results(run.stdout);
    const tls = find(list, STORAGE_ID, 'storage-min-tls-1-2');
    expect(tls).toMatchObject({ status: 'fail' });
    expect(tls?.evidence[0]).toMatchObject({ path: 'properties.minimumTlsVersion' });
    expect(Object.keys(tls ?? {}).sort()).toEqual([
      'evidence',
      'message',
      'resourceId',
      'ruleId',
      'status',
    ]);
    expect(find(list, VAULT_ID, 'keyvault-purge-protection-enabled')?.status).toBe('fail');
    // The secret's findings belong to the secret, not to one version of it.
    expect(find(list, SECRET_ID, 'keyvault-secret-expiry-set')?.status).toBe('fail');
    expect(new Set(list.map((r) => r.resourceId))).toEqual(
      new Set([STORAGE_ID, VAULT_ID, SECRET_ID]),
    );
  });

  it('answers skip when the file lacks related data, and judges it when present', async () => {
    const run = await runCli([
      'evaluate',
      example('keyvault-vault.json'),
      example('keyvault-vault-with-diagnostics.json'),
      example('keyvault-vault-with-workspace-diagnostics.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    expect(run.code).toBe(0);
    const diagnostics = results(run.stdout)
      .filter((r) => r.ruleId === 'diagnostic-settings-enabled')
      .map((r) => r.status);
    // No related data → skip; a setting without a workspace → fail; with one → pass.
    expect(diagnostics).toEqual(['skip', 'fail', 'pass']);
  });

  it('evaluates every entry of an array file', async () => {
    const registry = createRegistry({ storageMinTls12 });
    const run = await runCli(
      ['evaluate', example('array-storage-and-secret.json'), '--format', 'json', ...NOW],
      { deps: { registry } },
    );
    expect(run.code).toBe(0);
    expect(results(run.stdout).map((r) => [r.resourceId, r.ruleId, r.status])).toEqual([
      [STORAGE_ID, 'storage-min-tls-1-2', 'fail'],
    ]);
  });

  it('gives no results for a resource type no rule judges', async () => {
    const run = await runCli(['evaluate', join(dir, 'unknown-type.json'), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ results: [] });
  });

  it.each([
    ['bad-json.json', /bad-json\.json: invalid JSON/],
    ['bad-not-snapshot.json', /bad-not-snapshot\.json: not a snapshot: not an ARM resource: id:/],
    ['missing.json', /missing\.json: cannot read: no such file/],
  ])('exits 2 for %s, names it, and still prints the other files', async (file, message) => {
    const run = await runCli([
      'evaluate',
      join(dir, file),
      example('storage-account.json'),
      '--format',
      'json',
      ...NOW,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(find(results(run.stdout), STORAGE_ID, 'storage-min-tls-1-2')?.status).toBe('fail');
  });

  it('exits 2 for a path that does not exist', async () => {
    const run = await runCli(['evaluate', join(dir, 'missing.json'), '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.json: cannot read: no such file/);
  });

  it('says a file is empty instead of a JSON parse error', async () => {
    const run = await runCli(['evaluate', join(dir, 'empty.json'), '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ward evaluate: ${join(dir, 'empty.json')}: file is empty\n`);
  });

  it('reads the .json files of a folder, in name order, and nothing else in it', async () => {
    const estate = join(dir, 'estate');
    writeFileSync(join(estate, 'b-storage.json'), readFileSync(example('storage-account.json')));
    writeFileSync(join(estate, 'a-vault.json'), readFileSync(example('keyvault-vault.json')));
    const run = await runCli(['evaluate', estate, '--format', 'json', ...NOW]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const judged = [...new Set(results(run.stdout).map((r) => r.resourceId))];
    expect(judged).toEqual([VAULT_ID, STORAGE_ID]);
  });

  it('exits 2 for a folder with no .json files', async () => {
    const run = await runCli(['evaluate', join(dir, 'empty-folder'), '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/empty-folder: the folder holds no \.json files/);
  });

  it('reports every bad file, not only the first', async () => {
    const run = await runCli([
      'evaluate',
      join(dir, 'bad-json.json'),
      join(dir, 'bad-not-snapshot.json'),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toEqual({ results: [] });
  });
});

describe('ward evaluate --policy', () => {
  const nearExpiry = async (extra: string[]): Promise<string | undefined> => {
    const run = await runCli([
      'evaluate',
      join(dir, 'secret-expiring.json'),
      '--format',
      'json',
      ...NOW,
      ...extra,
    ]);
    expect(run.code).toBe(0);
    return results(run.stdout).find((r) => r.ruleId === 'keyvault-secret-near-expiry')?.status;
  };

  it('uses the default 30 days without a policy and the policy setting with one', async () => {
    expect(await nearExpiry([])).toBe('fail');
    expect(await nearExpiry(['--policy', join(dir, 'policy-10-days.yaml')])).toBe('pass');
  });

  it('evaluates nothing and exits 2 when the policy is invalid', async () => {
    const run = await runCli([
      'evaluate',
      join(dir, 'secret-expiring.json'),
      '--policy',
      join(dir, 'policy-bad.yaml'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/policy-bad\.yaml: secrets\.nearExpiryDays: /);
    expect(run.stdout).toBe('');
  });

  it('rejects a --now that is not a time', async () => {
    const run = await runCli(['evaluate', example('keyvault-secret.json'), '--now', 'yesterday']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--now yesterday/);
  });
});

describe('ward evaluate (table)', () => {
  it('groups results by resource with evidence under failures, without colour off a TTY', async () => {
    const registry = createRegistry({ storageMinTls12 });
    const run = await runCli(
      ['evaluate', example('storage-account.json'), join(dir, 'unknown-type.json'), ...NOW],
      { deps: { registry } },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${STORAGE_ID}\n  Microsoft.Storage/storageAccounts`);
    expect(run.stdout).toMatch(/ {2}FAIL {3}storage-min-tls-1-2 {2}Minimum TLS version is not set/);
    expect(run.stdout).toMatch(/properties\.minimumTlsVersion = \(absent\); expected TLS1_2/);
    expect(run.stdout).toContain('no rules apply to this resource type');
    expect(run.stdout).toContain('2 resources, 1 result: 1 fail, 0 error, 0 pass, 0 skip');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours the status on a TTY', async () => {
    const registry = createRegistry({ storageMinTls12 });
    const run = await runCli(['evaluate', example('storage-account.json'), ...NOW], {
      tty: true,
      deps: { registry },
    });
    expect(run.stdout).toContain('\u001b[31mFAIL');
  });
});
