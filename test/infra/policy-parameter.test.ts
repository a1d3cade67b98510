import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPolicyFromEnv } from '../../src/config/load-policy';
import { policyParameter, withPolicyParameter } from '../../scripts/infra/policy-parameter';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examplePath = join(root, 'docs/examples/policy.yaml');

function runInfra(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/infra/generate.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}

describe('the deployment policy is YAML, converted to the template parameter by the tooling', () => {
  it('turns the example policy into JSON that ward reads back as the same policy', () => {
    const text = readFileSync(examplePath, 'utf8');
    const { json } = policyParameter(text, examplePath);
    expect(JSON.parse(json)).toEqual(parseYaml(text));
    const fromJson = loadPolicyFromEnv({ WARD_POLICY_JSON: json });
    expect(fromJson.rules).toEqual(
      loadPolicyFromEnv({ WARD_POLICY_JSON: JSON.stringify(parseYaml(text)) }).rules,
    );
    expect(fromJson.scopes.length).toBeGreaterThan(0);
  });

  it('refuses an invalid policy naming the bad field, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-policy-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  no-such-rule:\n    mode: auto\n');
    const out = join(dir, 'main.parameters.json');
    const result = runInfra(['--policy', bad, '--parameters', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('config-invalid');
    expect(result.stderr).toContain('no-such-rule');
    expect(() => readFileSync(out)).toThrow();
  });

  it('writes policyJson into a parameters file, keeping the other parameters and the dry run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-policy-'));
    const policy = join(dir, 'ward-policy.yaml');
    writeFileSync(policy, 'rules:\n  storage-min-tls-1-2:\n    mode: auto\n');
    const out = join(dir, 'main.parameters.json');
    writeFileSync(out, readFileSync(join(root, 'infra/main.parameters.example.json'), 'utf8'));
    const result = runInfra(['--policy', policy, '--parameters', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    expect(JSON.parse(String(written.parameters.policyJson?.value))).toEqual({
      rules: { 'storage-min-tls-1-2': { mode: 'auto' } },
    });
    expect(written.parameters.dryRun?.value).toBe(true);
    expect(written.parameters.approverAppClientId).toBeDefined();
  });

  it('carries a dryRun the policy states into the dryRun parameter the template uses', () => {
    const stated = policyParameter('dryRun: false\n', 'p.yaml');
    expect(stated.dryRun).toBe(false);
    const parameters = withPolicyParameter({ parameters: { dryRun: { value: true } } }, stated);
    expect(parameters.parameters).toMatchObject({ dryRun: { value: false } });
    expect(policyParameter('{}', 'p.yaml').dryRun).toBeUndefined();
  });
});
