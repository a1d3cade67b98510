import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { createRegistry } from '../../src/rules/registry';
import { ruleFixtures, rulesWithFixtures } from '../support/rule-fixtures';

/** Fixtures are evaluated at a fixed time so expiry-based rules stay deterministic. */
export const FIXTURE_CONTEXT: EvaluationContext = {
  now: new Date('2026-11-23T12:00:00Z'),
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: true },
};

const registry = createRegistry();

describe.each(rulesWithFixtures())('%s fixtures', (ruleId) => {
  it.each(ruleFixtures(ruleId).map((f) => [f.file, f] as const))('%s', (_file, fixture) => {
    for (const snapshot of fixture.snapshots) {
      const result = evaluateSnapshot(registry, snapshot, FIXTURE_CONTEXT).find(
        (r) => r.ruleId === ruleId,
      );
      expect(result, `${ruleId} does not apply to ${snapshot.resourceType}`).toBeDefined();
      expect(result?.status).toBe(fixture.expected);
      expect(result?.message.length).toBeGreaterThan(0);
      if (fixture.expected === 'fail') expect(result?.evidence.length).toBeGreaterThan(0);
    }
  });
});
