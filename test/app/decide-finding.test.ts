import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideFinding } from '../../src/app/decide-finding';
import { decide } from '../../src/decide';
import type { BudgetState } from '../../src/decide';
import type { Mode } from '../../src/domain';
import {
  NOW,
  PURGE_RULE,
  SHARED_KEY_RULE,
  STORAGE,
  TLS_RULE,
  input,
  policy,
} from '../decide/support';

const MODES: Mode[] = ['auto', 'approve', 'ticket', 'audit', 'off'];
const budgets: fc.Arbitrary<BudgetState> = fc.oneof(
  fc.constant<BudgetState>('unknown'),
  fc
    .record({ used: fc.nat(12), limit: fc.integer({ min: 1, max: 12 }) })
    .map(({ used, limit }) => ({ allowed: used < limit, used, limit })),
);

/** Counts the reads a decision makes, and answers them with the given facts. */
function facts(budget: BudgetState, fixes: number) {
  const reads = { budget: 0, fixes: 0 };
  return {
    reads,
    guardrails: {
      budget: () => {
        reads.budget += 1;
        return Promise.resolve(budget);
      },
      fixesInWindow: () => {
        reads.fixes += 1;
        return Promise.resolve(fixes);
      },
    },
  };
}

describe('deciding a finding with the guardrails read only when they can matter', () => {
  it('decides as decide() does with every fact read, for any mode, budget, flap count and exemption', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(TLS_RULE, SHARED_KEY_RULE, PURGE_RULE),
        fc.constantFrom(...MODES),
        budgets,
        fc.nat(6),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (rule, mode, budget, fixes, dryRun, exempt, protectedScope) => {
          const base = input({
            rule,
            policy: policy({
              dryRun,
              rules: { [rule.id]: { mode } },
              guardrails: {
                flap: { threshold: 3, windowMinutes: 60 },
                ...(protectedScope ? { protectedScopes: [STORAGE] } : {}),
              },
              ...(exempt
                ? {
                    exemptions: [
                      {
                        ruleId: rule.id,
                        scope: STORAGE,
                        reason: 'migration',
                        expires: '2027-01-31',
                      },
                    ],
                  }
                : {}),
            }),
          });
          const { budget: _budget, fixesInWindow: _fixes, ...rest } = base;
          const { guardrails } = facts(budget, fixes);
          const lazy = await decideFinding(rest, guardrails);
          expect(lazy).toEqual(decide({ ...base, budget, fixesInWindow: fixes }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads neither guardrail for a ticket, a record or a rule that is off', async () => {
    for (const mode of ['ticket', 'audit', 'off'] as const) {
      const {
        budget: _b,
        fixesInWindow: _f,
        ...rest
      } = input({
        policy: policy({ rules: { [TLS_RULE.id]: { mode } } }),
      });
      const { reads, guardrails } = facts('unknown', 99);
      const decision = await decideFinding(rest, guardrails);
      expect(decision.verb).not.toBe('remediate');
      expect(reads).toEqual({ budget: 0, fixes: 0 });
    }
  });

  it('reads both before a change, and lets them turn it into an approval or a ticket', async () => {
    const { budget: _b, fixesInWindow: _f, ...rest } = input({ now: NOW });
    const spent = facts({ allowed: false, used: 10, limit: 10 }, 0);
    const approval = await decideFinding(rest, spent.guardrails);
    expect(spent.reads).toEqual({ budget: 1, fixes: 1 });
    expect(approval.verb).toBe('request-approval');
    expect(approval.reasons.map((reason) => reason.code)).toContain('budget-exhausted');

    const flapping = facts({ allowed: true, used: 0, limit: 10 }, 5);
    expect((await decideFinding(rest, flapping.guardrails)).verb).toBe('open-ticket');
  });

  it('passes a failure to read the fix history on: no change is judged without it', async () => {
    const { budget: _b, fixesInWindow: _f, ...rest } = input();
    await expect(
      decideFinding(rest, {
        budget: () => Promise.resolve({ allowed: true, used: 0, limit: 10 }),
        fixesInWindow: () => Promise.reject(new Error('WardFixes unavailable')),
      }),
    ).rejects.toThrow('WardFixes unavailable');
  });
});
