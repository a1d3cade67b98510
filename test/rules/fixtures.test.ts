import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { createRegistry } from '../../src/rules/registry';
import { ruleFixtures, rulesWithFixtures } from '../support/rule-fixtures';
import { ruleContext } from '../support/rule-snapshots';

/** CMK required, so the cmk-encryption fixtures can fail. */
const FIXTURE_CONTEXT = ruleContext({ requireCustomerManagedKey: true });

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
