import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/config/policy-json-schema';
import { runCli } from '../cli/run-cli';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'docs', 'examples', 'policy.yaml');

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ward-validate-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ward config validate', () => {
  it('accepts the example policy with a one-line summary', async () => {
    const run = await runCli(['config', 'validate', EXAMPLE]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(
      /policy\.yaml: valid policy \(live; 7 rule mode overrides, 2 scopes/,
    );
  });

  it('prints every problem with its path and exits 1', async () => {
    const path = file(
      'bad.yaml',
      [
        'rules:',
        '  ml-compute-nope: { mode: auto }',
        'scopes:',
        '  - scope: /subscriptions/s',
        '    rules:',
        '      storage-min-tls-1-2: { mode: sometimes }',
        'secrets:',
        '  nearExpiryDays: 0',
        '',
      ].join('\n'),
    );
    const run = await runCli(['config', 'validate', path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toContain(
      `${path}: rules.ml-compute-nope: unknown rule id "ml-compute-nope"; see \`ward rules\``,
    );
    expect(
      lines.some((l) => l.startsWith(`${path}: scopes[0].rules.storage-min-tls-1-2.mode: `)),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith(`${path}: secrets.nearExpiryDays: `))).toBe(true);
    expect(lines.at(-1)).toBe(`${path}: 3 problems`);
  });

  it('reads JSON too, and reports a syntax error as a problem', async () => {
    expect(
      (await runCli(['config', 'validate', file('ok.json', '{"dryRun": true}')])).stdout,
    ).toMatch(/valid policy \(dry run;/);
    const run = await runCli(['config', 'validate', file('broken.yaml', 'rules: [\n')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml: /);
  });

  it('is a usage error without a file, reported in-process', async () => {
    const run = await runCli(['config', 'validate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing required argument 'file'/);
  });

  it('exits 2 when the file cannot be read', async () => {
    const run = await runCli(['config', 'validate', join(dir, 'absent.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/absent\.yaml: .*ENOENT/);
  });
});

describe('ward config schema', () => {
  it('prints the JSON Schema generated from the policy schema', async () => {
    const run = await runCli(['config', 'schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as { properties: Record<string, unknown> };
    expect(schema).toEqual(policyJsonSchema());
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['dryRun', 'rules', 'scopes', 'exemptions', 'guardrails', 'teams']),
    );
  });

  it('matches the committed docs/policy.schema.json (regenerate with `npm run docs`)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(ROOT, 'docs', 'policy.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(policyJsonSchema());
  });
});
