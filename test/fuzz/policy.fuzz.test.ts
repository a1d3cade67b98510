import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors';
import { parsePolicy, parsePolicyText } from '../../src/config/load-policy';
import type { Policy } from '../../src/config/policy';
import { FUZZ_RUNS, fuzzRuns, hostileSmallValue, withValueAt } from './fuzz-settings';

/** A policy using every section, to mutate one field at a time. */
const BASE = {
  dryRun: false,
  rules: { 'storage-min-tls-1-2': { mode: 'auto' } },
  scopes: [{ scope: '/subscriptions/x/resourceGroups/rg', mode: 'approve', rules: {} }],
  exemptions: [{ ruleId: '*', scope: '/subscriptions/x', reason: 'pilot', expires: '2027-01-01' }],
  tagExemptions: {
    enabled: true,
    severities: ['low'],
    rules: ['storage-min-tls-1-2'],
    maxDays: 30,
  },
  vaultWrites: { enabled: false },
  guardrails: { budget: { maxChanges: 5 }, flap: { threshold: 3 }, protectedScopes: [] },
  secrets: { expiryDays: 90, nearExpiryDays: 30 },
  compute: { idleTimeBeforeShutdown: 'PT30M' },
  approvals: { expiryHours: 24 },
  tickets: { target: 'webhook', webhookUrlSetting: 'WARD_TICKETS_URL' },
};

const PATHS: readonly (readonly string[])[] = [
  [],
  ['dryRun'],
  ['rules'],
  ['rules', 'storage-min-tls-1-2'],
  ['rules', 'storage-min-tls-1-2', 'mode'],
  ['rules', 'no-such-rule'],
  ['scopes'],
  ['scopes', '0', 'scope'],
  ['scopes', '0', 'mode'],
  ['exemptions', '0', 'expires'],
  ['exemptions', '0', 'ruleId'],
  ['tagExemptions', 'enabled'],
  ['tagExemptions', 'severities'],
  ['tagExemptions', 'maxDays'],
  ['vaultWrites', 'enabled'],
  ['guardrails', 'budget', 'maxChanges'],
  ['guardrails', 'flap', 'threshold'],
  ['secrets', 'expiryDays'],
  ['compute', 'idleTimeBeforeShutdown'],
  ['approvals', 'expiryHours'],
  ['tickets', 'target'],
  ['unknownSection'],
];

const mutated = fc
  .array(fc.tuple(fc.constantFrom(...PATHS), hostileSmallValue), { minLength: 1, maxLength: 3 })
  .map((edits) =>
    edits.reduce<unknown>((policy, [path, value]) => withValueAt(policy, path, value), BASE),
  );

/** YAML of any value; `undefined` (a removed document) is an empty file. */
function yamlText(value: unknown): string {
  return value === undefined ? '' : stringify(value);
}

/** Policy file text: mutated policies written as JSON or YAML, broken text, or any text. */
const policyFile = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(mutated, fc.constantFrom('policy.json', 'policy.json', 'policy.yaml', 'policy'))
      .map(([value, source]) => ({
        source,
        text: source.endsWith('.yaml')
          ? yamlText(value)
          : value === undefined
            ? ''
            : JSON.stringify(value),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(mutated, fc.nat(200)).map(([value, cut]) => ({
      source: 'policy.yaml',
      text: yamlText(value).slice(0, cut),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('p.json', 'p.yml', 'p'))
      .map(([text, source]) => ({ source, text })),
  },
);

const CODES = new Set(['config-syntax', 'config-invalid']);

function load(text: string, source: string): Policy | ConfigError {
  try {
    return parsePolicy(parsePolicyText(text, source), source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe(`policy file fuzzing (${FUZZ_RUNS} files through load-policy)`, () => {
  it('loads a policy or names every problem with a coded error', () => {
    let loaded = 0;
    let refused = 0;
    fc.assert(
      fc.property(policyFile, ({ text, source }) => {
        const outcome = load(text, source);
        if (outcome instanceof ConfigError) {
          refused += 1;
          return (
            CODES.has(outcome.code) &&
            outcome.source === source &&
            outcome.problems.length > 0 &&
            outcome.problems.every((p) => p.message.length > 0)
          );
        }
        loaded += 1;
        return (
          outcome.tagExemptions.maxDays <= 365 && typeof outcome.vaultWrites.enabled === 'boolean'
        );
      }),
      fuzzRuns,
    );
    expect(loaded).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  }, 120_000);
});
