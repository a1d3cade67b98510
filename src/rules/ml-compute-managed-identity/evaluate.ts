import type { RuleOutcome, Snapshot } from '../../domain';
import { computeLabel, readCompute } from '../ml-compute-type';
import { canonicalEnum } from '../ml-enum';
import { error, fail, pass } from '../outcome';
import { isRecord, readPath } from '../paths';

const PATH = 'identity.type';
const EXPECTED = 'SystemAssigned, UserAssigned or both';
/** ManagedServiceIdentityType (common-types v3), spaces removed before matching. */
const TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned'] as const;

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  const label = computeLabel(compute.computeType);
  const identity = compute.body.identity;
  if (identity === undefined || identity === null) {
    return fail(`${label} has no managed identity.`, [
      {
        path: 'identity',
        actual: identity,
        expected: EXPECTED,
        note: 'No identity block: jobs on this compute can only use keys or user credentials.',
      },
    ]);
  }
  if (!isRecord(identity)) {
    return error('identity is not an object.', [
      { path: 'identity', actual: identity, expected: EXPECTED },
    ]);
  }
  const actual = readPath(identity, 'type');
  if (typeof actual !== 'string') {
    return error(`${PATH} is missing or not a string.`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  const type = canonicalEnum(actual.replace(/\s+/g, ''), TYPES);
  if (!type) {
    return error(`${PATH} has the unknown value ${JSON.stringify(actual)}.`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  if (type === 'None') {
    return fail(`${label} has no managed identity (identity type None).`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  return pass(`${label} has a ${type} managed identity.`, [
    { path: PATH, actual, expected: EXPECTED },
  ]);
}
