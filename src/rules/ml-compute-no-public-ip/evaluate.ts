import type { RuleOutcome, Snapshot } from '../../domain';
import { judgeBoolean } from '../boolean-setting';
import { computeLabel, readCompute } from '../ml-compute-type';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  const label = computeLabel(compute.computeType);
  return judgeBoolean(compute.body, {
    path: 'properties.properties.enableNodePublicIp',
    want: false,
    absent: {
      message: `${label} does not set enableNodePublicIp; by default its nodes get public IPs.`,
      note: 'Absent means the service default: true (nodes get public IP addresses).',
    },
    compliant: `${label} nodes have no public IP addresses.`,
    wrong: {
      message: `${label} nodes have public IP addresses.`,
      note: 'Fixed at creation: the compute must be recreated with enableNodePublicIp false.',
    },
  });
}
