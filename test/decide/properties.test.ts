import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODES } from '../../src/domain';
import type { DecisionVerb, Mode } from '../../src/domain';
import { decide, effectiveMode, scopeContains, tagExemption } from '../../src/decide';
import type { DecideInput, ExemptionLike } from '../../src/decide';
import { NOW, RG, SHARED_KEY_RULE, STORAGE, SUB, TLS_RULE, finding, policy } from './support';

const VERB_OF_MODE: Record<Mode, DecisionVerb> = {
  auto: 'remediate',
  approve: 'request-approval',
  ticket: 'open-ticket',
  audit: 'record',
  off: 'none',
};

const scopes = [
  SUB,
  SUB.toUpperCase(),
  RG,
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
const date = fc.constantFrom('2026-11-01', '2026-11-23', '2026-11-24', '2027-01-01', 'soon', '');
const exemption: fc.Arbitrary<ExemptionLike> = fc.record({
  ruleId: fc.constantFrom('*', 'storage-min-tls-1-2', 'storage-shared-key-disabled'),
  scope,
  reason: fc.constant('because'),
  expires: fc.constantFrom('2026-11-01', '2026-11-23T12:00:00Z', '2026-11-24', '2027-01-01'),
});

const decideInput: fc.Arbitrary<DecideInput> = fc
  .record({
    rule: fc.constantFrom(TLS_RULE, SHARED_KEY_RULE, {
      ...SHARED_KEY_RULE,
      defaultMode: 'auto' as const,
    }),
    dryRun: fc.boolean(),
    rules: ruleModes,
    scopeEntries: fc.array(
      fc.record({ scope, mode: fc.option(mode, { nil: undefined }), rules: ruleModes }),
      { maxLength: 4 },
    ),
    protectedScopes: fc.array(scope, { maxLength: 2 }),
    threshold: fc.integer({ min: 2, max: 5 }),
    tags: fc.record(
      {
        'ward-exempt': fc.constantFrom(
          '*',
          'storage-min-tls-1-2',
          'storage-shared-key-disabled',
          '',
        ),
        'ward-exempt-until': date,
      },
      { requiredKeys: [] },
    ),
    activeExemptions: fc.array(exemption, { maxLength: 3 }),
    budget: fc.oneof(
      fc.constant('unknown' as const),
      fc.record({
        allowed: fc.boolean(),
        used: fc.nat(30),
        limit: fc.integer({ min: 1, max: 30 }),
      }),
    ),
    fixesInWindow: fc.nat(8),
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
      guardrails: {
        protectedScopes: drawn.protectedScopes,
        flap: { threshold: drawn.threshold },
      },
    }),
    resourceTags: drawn.tags,
    activeExemptions: drawn.activeExemptions,
    now: NOW,
    budget: drawn.budget,
    fixesInWindow: drawn.fixesInWindow,
    ownPrincipal: drawn.ownPrincipal,
  }));

function isExempt(given: DecideInput): boolean {
  const ruleId = given.finding.ruleId;
  const byTag = tagExemption(given.resourceTags, ruleId, given.now).kind === 'exempt';
  const byRecord = given.activeExemptions.some(
    (record) =>
      (record.ruleId === '*' || record.ruleId === ruleId) &&
      scopeContains(record.scope, given.finding.resourceId) &&
      new Date(record.expires.length === 10 ? `${record.expires}T00:00:00Z` : record.expires) >
        given.now,
  );
  return byTag || byRecord;
}

const runs = { numRuns: 500 };

describe('decide properties', () => {
  it('an exempt finding, or one whose rule is off, is never remediated', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const configured = effectiveMode(
          given.rule.id,
          STORAGE,
          given.policy,
          given.rule.defaultMode,
        );
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

  it('a resource in a protected scope is never changed without approval', () => {
    fc.assert(
      fc.property(decideInput, (given) => {
        const inProtected = given.policy.guardrails.protectedScopes.some((protectedScope) =>
          scopeContains(protectedScope, STORAGE),
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
        expect(decision.verb).toBe(VERB_OF_MODE[decision.mode]);
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
