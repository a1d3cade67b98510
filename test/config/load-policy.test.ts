import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors';
import {
  defaultPolicy,
  loadPolicyFile,
  loadPolicyFromEnv,
  parsePolicy,
} from '../../src/config/load-policy';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'policy.yaml');
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (cause) {
    if (cause instanceof ConfigError) return cause;
    throw cause;
  }
  throw new Error('expected a ConfigError');
}

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ward-policy-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('parsePolicy', () => {
  it('fills defaults for an empty policy', () => {
    const policy = parsePolicy({}, 'inline');
    expect(policy.dryRun).toBe(false);
    expect(policy.secrets).toEqual({ expiryDays: 365, nearExpiryDays: 30 });
    expect(policy.guardrails.budget.maxChanges).toBe(20);
    expect(parsePolicy(null, 'empty.yaml')).toEqual(defaultPolicy());
  });

  it('lists every problem with its path; unknown rule keys are unknown rule ids', () => {
    const error = configError(() =>
      parsePolicy(
        {
          rules: { 'ml-compute-nope': { mode: 'auto' }, 'storage-min-tls-1-2': { mode: 'fix' } },
          scopes: [{ scope: SUB, rules: { 'keyvault-typo': { mode: 'audit' } } }],
          exemptions: [{ ruleId: 'storage-min-tls-1-2', scope: SUB, reason: '', expires: 'soon' }],
          guardrails: { budget: { maxChanges: 0, colour: 'red' } },
          surprise: true,
        },
        'policy.yaml',
      ),
    );
    expect(error.code).toBe('config-invalid');
    expect(error.source).toBe('policy.yaml');
    const lines = error.problems.map((p) => `${p.path}: ${p.message}`);
    expect(lines).toContain(
      'rules.ml-compute-nope: unknown rule id "ml-compute-nope"; see `ward rules`',
    );
    expect(lines).toContain(
      'scopes[0].rules.keyvault-typo: unknown rule id "keyvault-typo"; see `ward rules`',
    );
    expect(lines.some((l) => l.startsWith('rules.storage-min-tls-1-2.mode: '))).toBe(true);
    expect(lines).toContain('exemptions[0].reason: an exemption needs a reason');
    expect(lines.some((l) => l.startsWith('exemptions[0].expires: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('guardrails.budget.maxChanges: '))).toBe(true);
    expect(lines).toContain('guardrails.budget.colour: unknown setting "colour"');
    expect(lines).toContain('surprise: unknown setting "surprise"');
    expect(error.message).toContain('policy.yaml: invalid policy');
    expect(error.message).toContain('rules.ml-compute-nope');
  });
});

describe('loadPolicyFile', () => {
  it('loads the documented example policy', () => {
    const policy = loadPolicyFile(EXAMPLE);
    expect(policy.rules['ml-compute-no-public-ip']).toEqual({ mode: 'approve' });
    expect(policy.scopes.length).toBeGreaterThan(0);
    expect(policy.exemptions[0]?.reason.length).toBeGreaterThan(0);
    expect(policy.guardrails.protectedScopes.length).toBeGreaterThan(0);
    expect(policy.diagnostics.workspaceId).toMatch(/Microsoft\.OperationalInsights\/workspaces\//);
    expect(policy.privateEndpoints.subnetId).toMatch(/\/subnets\//);
    expect(policy.teams.webhookUrlSetting).toBe('WARD_TEAMS_WEBHOOK_URL');
  });

  it('reads JSON by extension, YAML by extension, and either without one', () => {
    const json = file('p.json', JSON.stringify({ dryRun: true }));
    const yaml = file('p.yml', 'dryRun: true\n');
    const bare = file('policy', 'dryRun: true\nrules:\n  storage-min-tls-1-2: { mode: audit }\n');
    expect(loadPolicyFile(json).dryRun).toBe(true);
    expect(loadPolicyFile(yaml).dryRun).toBe(true);
    expect(loadPolicyFile(bare).rules['storage-min-tls-1-2']).toEqual({ mode: 'audit' });
  });

  it('reports a syntax error with config-syntax', () => {
    const error = configError(() => loadPolicyFile(file('broken.json', '{"dryRun": tru')));
    expect(error.code).toBe('config-syntax');
    expect(error.message).toMatch(/broken\.json: not valid YAML or JSON/);
  });

  it('rejects duplicate YAML keys instead of keeping the last', () => {
    const error = configError(() =>
      loadPolicyFile(file('dup.yaml', 'dryRun: true\ndryRun: false\n')),
    );
    expect(error.code).toBe('config-syntax');
    expect(error.problems[0]?.message).toMatch(/unique|duplicate/i);
  });

  it('reports a missing file with config-unreadable', () => {
    const error = configError(() => loadPolicyFile(join(dir, 'nope.yaml')));
    expect(error.code).toBe('config-unreadable');
    expect(error.problems[0]?.message).toMatch(/ENOENT/);
  });
});

describe('loadPolicyFromEnv', () => {
  it('reads WARD_POLICY_FILE, else WARD_POLICY_JSON, else the defaults', () => {
    expect(loadPolicyFromEnv({ WARD_POLICY_FILE: EXAMPLE }).exemptions).toHaveLength(1);
    expect(loadPolicyFromEnv({ WARD_POLICY_JSON: '{"dryRun":true}' }).dryRun).toBe(true);
    expect(loadPolicyFromEnv({})).toEqual(defaultPolicy());
  });

  it('names the setting when the inline policy is bad, and refuses both settings at once', () => {
    const syntax = configError(() => loadPolicyFromEnv({ WARD_POLICY_JSON: '{dryRun' }));
    expect(syntax.code).toBe('config-syntax');
    expect(syntax.source).toBe('WARD_POLICY_JSON');
    const invalid = configError(() => loadPolicyFromEnv({ WARD_POLICY_JSON: '{"dryRun":"yes"}' }));
    expect(invalid.problems.map((p) => p.path)).toEqual(['dryRun']);
    const both = configError(() =>
      loadPolicyFromEnv({ WARD_POLICY_FILE: EXAMPLE, WARD_POLICY_JSON: '{}' }),
    );
    expect(both.code).toBe('env-invalid');
  });
});
