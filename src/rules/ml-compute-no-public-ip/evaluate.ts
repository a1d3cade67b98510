import type { RuleOutcome, Snapshot } from '../../domain';
import { computeLabel, readCompute } from '../ml-compute-type';
import { error, fail, pass } from '../outcome';
import { readPath } from '../paths';

const PATH = 'properties.properties.enableNodePublicIp';
const EXPECTED = 'false';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  const label = computeLabel(compute.computeType);
  const actual = readPath(compute.body, PATH);
  if (actual === undefined || actual === null) {
    return fail(`${label} does not set enableNodePublicIp; by default its nodes get public IPs.`, [
      {
        path: PATH,
        actual,
        expected: EXPECTED,
        note: 'Absent means the service default: true (nodes get public IP addresses).',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: EXPECTED }]);
  }
  if (!actual) {
    return pass(`${label} nodes have no public IP addresses.`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  return fail(`${label} nodes have public IP addresses.`, [
    {
      path: PATH,
      actual,
      expected: EXPECTED,
      note: 'Fixed at creation: the compute must be recreated with enableNodePublicIp false.',
    },
  ]);
}
