import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { computeLabel, readCompute } from '../ml-compute-type';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  const label = computeLabel(compute.computeType);
  return judgeBoolean(compute.body, {
    path: 'properties.disableLocalAuth',
    want: true,
    absent: {
      message: `${label} does not set disableLocalAuth; local authentication is allowed.`,
      note: 'Absent means the service default: local authentication stays enabled.',
    },
    compliant: `${label} has local authentication disabled.`,
    wrong: {
      message: `${label} allows local authentication.`,
      note: 'Fixed at creation: the compute must be recreated with disableLocalAuth true.',
    },
  });
}
