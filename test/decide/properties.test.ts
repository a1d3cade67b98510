import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODES } from '../../src/domain';
import { decide } from '../../src/decide';
import type { DecideInput, ExemptionLike } from '../../src/decide';
import { configuredMode, covers, expectedDecision, verbOf } from './oracle';
import {
  NOW,
  PURGE_RULE,
  RG,
  SHARED_KEY_RULE,
  STORAGE,
  SUB,
  TLS_RULE,
  finding,
  policy,
} from './support';

/**
 * Fixed, so a failure comes back on the next run; fast-check's report of a failure names the
 * seed and the path of the shrunk counterexample (pass both to replay it alone).
 */
const SEED = 20_261_123;
const runs = { numRuns: 500, seed: SEED, verbose: fc.VerbosityLevel.Verbose };

const scopes = [
  SUB,
  SUB.toUpperCase(),
  `${SUB}/`,
  RG,
  RG.toUpperCase(),
  `${RG}/providers/Microsoft.Storage/storageAccounts/mldata`,
  `${SUB}/resourceGroups/rg-m`,
  `${SUB}/resourceGroups/rg-ml-2`,
  '/subscriptions/00000000-0000-0000-0000-0000000000ab',
];
const scope = fc.constantFrom(...scopes);
const mode = fc.constantFrom(...MODES);
const ruleModes = fc.record(
  {
    'storage-min-tls-1-2': fc.record({ mode }),
    'storage-shared-key-disabled': fc.record({ mode }),
  },
  { requiredKeys: [] },
);
const date = fc.constantFrom(
  '2026-11-01',
  '2026-11-23',
  '2026-11-24',
  '2027-01-01',
  // Beyond any policy maximum: refused, never exempt.
  '2027-06-01',
  '9999-12-31',
  // NOW itself: an exemption ends as its expiry begins.
  '2026-11-23T12:00:00Z',
  '2026-11-23T12:00:01Z',
  '2026-02-30',
  'soon',
  '',
);
const exemption: fc.Arbitrary<ExemptionLike> = fc.record({
  ruleId: fc.constantFrom('*', 'storage-min-tls-1-2', 'storage-shared-key-disabled'),
  scope,
  reason: fc.constant('because'),
  expires: fc.constantFrom('2026-11-01', '2026-11-23T12:00:00Z', '2026-11-24', '2027-01-01'),
});

/**
 * Mostly none, sometimes some: every guard that stops a change is drawn often enough to matter
 * but rarely enough that inputs passing all of them (and so remediating) are drawn too.
 */
function seldom<T>(some: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> {
  return fc.oneof({ arbitrary: fc.constant<T[]>([]), weight: 2 }, { arbitrary: some, weight: 1 });
}

const decideInput: fc.Arbitrary<DecideInput> = fc
  .record({
    rule: fc.constantFrom(TLS_RULE, SHARED_KEY_RULE, PURGE_RULE, {
      ...SHARED_KEY_RULE,
      defaultMode: 'auto' as const,
    }),
    tagExemptions: fc.record(
      {
        enabled: fc.boolean(),
        severities: fc.subarray(['high', 'medium', 'low'] as const),
        rules: fc.subarray(['storage-min-tls-1-2', 'keyvault-purge-protection-enabled'] as const),
        maxDays: fc.constantFrom(30, 90),
      },
      { requiredKeys: ['enabled', 'maxDays'] },
    ),
    vaultWrites: fc.boolean(),
    dryRun: fc.boolean(),
    rules: ruleModes,
    scopeEntries: fc.array(
      fc.record({ scope, mode: fc.option(mode, { nil: undefined }), rules: ruleModes }),
      { maxLength: 4 },
    ),
    protectedScopes: seldom(fc.array(scope, { maxLength: 2 })),
    threshold: fc.integer({ min: 2, max: 5 }),
    tags: fc.record(
      {
        'ward-exempt': fc.constantFrom(
          '*',
          'storage-min-tls-1-2',
          'STORAGE-SHARED-KEY-DISABLED',
          'keyvault-rbac-authorization, storage-min-tls-1-2',
          'keyvault-purge-protection-enabled',
          '',
        ),
        'ward-exempt-until': date,
      },
      { requiredKeys: [] },
    ),
    // Azure tag names are case-insensitive.
    tagNamesUpper: fc.boolean(),
    activeExemptions: seldom(fc.array(exemption, { maxLength: 3 })),
    policyExemptions: seldom(fc.array(exemption, { maxLength: 2 })),
    budget: fc.oneof(
      fc.constant('unknown' as const),
      fc.record({
        allowed: fc.boolean(),
        used: fc.nat(30),
        limit: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        allowed: fc.constant(true),
        used: fc.nat(30),
        limit: fc.integer({ min: 1, max: 30 }),
      }),
    ),
    fixesInWindow: fc.oneof(fc.constant(0), fc.nat(8)),
    ownPrincipal: fc.boolean(),
  })
  .map((drawn) => ({
    finding: finding(drawn.rule.id, STORAGE),
    rule: drawn.rule,
    policy: policy({
      dryRun: drawn.dryRun,
      rules: drawn.rules,
      scopes: drawn.scopeEntries.map((entry) =>
        entry.mode === undefined ? { scope: entry.scope, rules: entry.rules } : entry,
      ),
      exemptions: drawn.policyExemptions,
      tagExemptions: drawn.tagExemptions,
      vaultWrites: { enabled: drawn.vaultWrites },
      guardrails: {
        protectedScopes: drawn.protectedScopes,
        flap: { threshold: drawn.threshold },
      },
    }),
    resourceTags: Object.fromEntries(
      Object.entries(drawn.tags).map(([name, value]) => [
        drawn.tagNamesUpper ? name.toUpperCase() : name,
        value,
      ]),
    ),
    activeExemptions: drawn.activeExemptions,
    now: NOW,
    budget: drawn.budget,
    fixesInWindow: drawn.fixesInWindow,
    ownPrincipal: drawn.ownPrincipal,
  }));

/** Exempt by a tag or a record, as the oracle reads the docs. */
function isExempt(given: DecideInput): boolean {
  const codes = expectedDecision(given).reasons;
  return codes.includes('exempt-tag') || codes.includes('exempt-record');
}

describe('decide properties', () => {
  it('the seeded inputs reach every verb and every reason (no property holds vacuously)', () => {
    const decisions = fc.sample(decideInput, { numRuns: runs.numRuns, seed: SEED }).map(decide);
    expect(new Set(decisions.map((d) => d.verb))).toEqual(
      new Set(['remediate', 'request-approval', 'open-ticket', 'record', 'none']),
    );
    expect(new Set(decisions.flatMap((d) => d.reasons.map((r) => r.code)))).toEqual(
      new Set([
        'mode',
        'dry-run',
        'exempt-tag',
        'exempt-record',
        'exempt-tag-invalid',
        'exempt-tag-refused',
        'vault-writes-off',
        'protected-scope',
        'budget-exhausted',
        'flapping',
        'no-action',
        'rule-off',
        'own-change',
      ]),
    );
  });

  it('decides what the rules in the docs say: mode, verb, action, dry run and reasons in order', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const decision = decide(given);
        const expected = expectedDecision(given);
        expect({
          mode: decision.mode,
          verb: decision.verb,
          dryRun: decision.dryRun,
          ...(decision.actionId !== undefined ? { actionId: decision.actionId } : {}),
          reasons: decision.reasons.map((reason) => reason.code),
        }).toEqual(expected);
      }),
      runs,
    );
  });

  it('an exempt finding, or one whose rule is off, is never remediated', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const configured = configuredMode(given, STORAGE);
        const decision = decide(given);
        if (isExempt(given) || configured === 'off') {
          expect(decision.verb).not.toBe('remediate');
          expect(decision.verb).not.toBe('request-approval');
        }
        if (configured === 'off') expect(decision.verb).toBe('none');
      }),
      runs,
    );
  });

  it('a tag exempts only when the policy opts in, for a listed severity, within maxDays', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const decision = decide(given);
        if (!decision.reasons.some((reason) => reason.code === 'exempt-tag')) return;
        const allowed = given.policy.tagExemptions;
        expect(allowed.enabled).toBe(true);
        expect(allowed.severities).toContain(given.rule.severity);
        const until = Object.entries(given.resourceTags ?? {}).find(
          ([name]) => name.toLowerCase() === 'ward-exempt-until',
        )?.[1];
        const ends = Date.parse(until?.length === 10 ? `${until}T00:00:00Z` : (until ?? ''));
        expect(ends - given.now.getTime()).toBeLessThanOrEqual(allowed.maxDays * 86_400_000);
      }),
      runs,
    );
  });

  it('a resource in a protected scope is never changed without approval', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const inProtected = given.policy.guardrails.protectedScopes.some((protectedScope) =>
          covers(protectedScope, STORAGE),
        );
        if (inProtected) expect(decide(given).verb).not.toBe('remediate');
      }),
      runs,
    );
  });

  it('dry run is always carried, and only when configured', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const decision = decide(given);
        expect(decision.dryRun).toBe(given.policy.dryRun);
        expect(decision.reasons.some((reason) => reason.code === 'dry-run')).toBe(
          given.policy.dryRun,
        );
      }),
      runs,
    );
  });

  it('verb follows the final mode, reasons start with the mode, and remediation needs an action', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const decision = decide(given);
        expect(decision.verb).toBe(verbOf(decision.mode));
        expect(decision.reasons[0]?.code).toBe('mode');
        if (decision.verb === 'remediate') {
          expect(decision.actionId).toBeDefined();
          expect(given.fixesInWindow).toBeLessThan(given.policy.guardrails.flap.threshold);
          expect(given.budget).not.toBe('unknown');
          expect(given.ownPrincipal).toBe(false);
        }
      }),
      runs,
    );
  });
});
