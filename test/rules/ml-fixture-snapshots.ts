import { expect, it } from 'vitest';
import type { Evidence, Rule, RuleOutcome, Snapshot } from '../../src/domain';
import { ruleFixtures } from '../support/rule-fixtures';
import { ruleContext } from '../support/rule-snapshots';

/** The fixture suite's context: CMK required, fixed time. */
export const CONTEXT = ruleContext({ requireCustomerManagedKey: true });

/** The snapshot of one fixture file (`<rule>/<name>.json`), cloned so a test may change it. */
export function fixtureSnapshot(ruleId: string, name: string): Snapshot {
  const snapshot = ruleFixtures(ruleId).find((f) => f.file === `${name}.json`)?.snapshots[0];
  if (!snapshot) throw new Error(`No fixture ${ruleId}/${name}.json`);
  return structuredClone(snapshot);
}

/** A copy of an ARM snapshot with the body property at `path` set (undefined removes it). */
export function withProperty(snapshot: Snapshot, path: string, value: unknown): Snapshot {
  const copy = structuredClone(snapshot);
  if (copy.subject.kind !== 'arm') throw new Error('withProperty needs an ARM snapshot');
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) throw new Error('empty path');
  let current: Record<string, unknown> = copy.subject.resource;
  for (const key of keys) {
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  if (value === undefined) Reflect.deleteProperty(current, last);
  else current[last] = value;
  return copy;
}

export interface Case {
  name: string;
  snapshot: Snapshot;
  status: RuleOutcome['status'];
  message: RegExp;
  /** Each evidence entry in order; `note` is matched as a pattern. */
  evidence: (Omit<Evidence, 'note'> & { note?: RegExp })[];
}

/** Asserts an outcome against a case: status, message and every evidence entry in order. */
export function expectOutcome(outcome: RuleOutcome, expected: Case): void {
  expect(outcome.status, expected.name).toBe(expected.status);
  expect(outcome.message, expected.name).toMatch(expected.message);
  expect(outcome.evidence, expected.name).toEqual(
    expected.evidence.map(({ note, ...rest }) => ({
      ...rest,
      note: note ? expect.stringMatching(note) : undefined,
    })),
  );
}

/** One test per case, named by the case: the rule's outcome for its snapshot at CONTEXT. */
export function itJudgesEachCase(rule: Rule, cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expectOutcome(rule.evaluate(c.snapshot, CONTEXT), c);
  });
}
