import type { RuleOutcome, Snapshot } from '../../domain';
import { computeLabel, readCompute } from '../ml-compute-type';
import { error, fail, pass } from '../outcome';
import { readPath } from '../paths';

const PATH = 'properties.disableLocalAuth';
const EXPECTED = 'true';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  const label = computeLabel(compute.computeType);
  const actual = readPath(compute.body, PATH);
  if (actual === undefined || actual === null) {
    return fail(`${label} does not set disableLocalAuth; local authentication is allowed.`, [
      {
        path: PATH,
        actual,
        expected: EXPECTED,
        note: 'Absent means the service default: local authentication stays enabled.',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: EXPECTED }]);
  }
  if (actual) {
    return pass(`${label} has local authentication disabled.`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  return fail(`${label} allows local authentication.`, [
    {
      path: PATH,
      actual,
      expected: EXPECTED,
      note: 'Fixed at creation: the compute must be recreated with disableLocalAuth true.',
    },
  ]);
}
