import type { ArmResource, RuleOutcome, Snapshot } from '../../domain';
import { readCompute } from '../ml-compute-type';
import { readEnum } from '../ml-enum';
import { error, fail, pass } from '../outcome';
import { readPath } from '../paths';

const INSTANCE_PATH = 'properties.properties.sshSettings.sshPublicAccess';
const CLUSTER_PATH = 'properties.properties.remoteLoginPortPublicAccess';
const SUBNET_PATH = 'properties.properties.subnet.id';
const PUBLIC_IP_PATH = 'properties.properties.enableNodePublicIp';
const EXPECTED = 'Disabled';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  return compute.computeType === 'ComputeInstance'
    ? judgeInstance(compute.body)
    : judgeCluster(compute.body);
}

function judgeInstance(body: ArmResource): RuleOutcome {
  const read = readEnum(body, INSTANCE_PATH, ['Enabled', 'Disabled']);
  switch (read.kind) {
    case 'invalid':
      return error(read.problem, [
        { path: INSTANCE_PATH, actual: read.actual, expected: EXPECTED },
      ]);
    case 'absent':
      return pass('Compute instance does not open public SSH (service default).', [
        {
          path: INSTANCE_PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Absent means the service default: Disabled.',
        },
      ]);
    case 'value':
      if (read.value === 'Disabled') {
        return pass('Compute instance has public SSH disabled.', [
          { path: INSTANCE_PATH, actual: read.actual, expected: EXPECTED },
        ]);
      }
      return fail('Compute instance has its SSH port open to public networks.', [
        {
          path: INSTANCE_PATH,
          actual: read.actual,
          expected: EXPECTED,
          note: 'Fixed at creation: the instance must be recreated with public SSH disabled.',
        },
      ]);
  }
}

function judgeCluster(body: ArmResource): RuleOutcome {
  const read = readEnum(body, CLUSTER_PATH, ['Enabled', 'Disabled', 'NotSpecified']);
  if (read.kind === 'invalid') {
    return error(read.problem, [{ path: CLUSTER_PATH, actual: read.actual, expected: EXPECTED }]);
  }
  if (read.kind === 'value' && read.value === 'Disabled') {
    return pass('Compute cluster has the public SSH port closed.', [
      { path: CLUSTER_PATH, actual: read.actual, expected: EXPECTED },
    ]);
  }
  if (read.kind === 'value' && read.value === 'Enabled') {
    return fail('Compute cluster has the SSH port open on every node.', [
      {
        path: CLUSTER_PATH,
        actual: read.actual,
        expected: EXPECTED,
        note: 'Fixed at creation: the cluster must be recreated with remote login disabled.',
      },
    ]);
  }
  // NotSpecified (the creation default) closes the port for clusters in a subnet; without public
  // IPs (as in a managed network, where computes name no subnet) there is no public path either.
  const subnet = readPath(body, SUBNET_PATH);
  const publicIp = readPath(body, PUBLIC_IP_PATH);
  const setting = {
    path: CLUSTER_PATH,
    actual: read.actual,
    expected: EXPECTED,
    note: 'NotSpecified (or absent) leaves the SSH port open unless the cluster is in a subnet.',
  };
  const evidence = [
    setting,
    { path: SUBNET_PATH, actual: subnet, expected: 'a subnet resource id' },
    { path: PUBLIC_IP_PATH, actual: publicIp, expected: 'false when there is no subnet' },
  ];
  if (subnet !== undefined && subnet !== null && typeof subnet !== 'string') {
    return error(`${SUBNET_PATH} is not a string.`, evidence);
  }
  if (typeof subnet === 'string' && subnet.trim() !== '') {
    return pass(
      'Compute cluster leaves remote login unspecified and sits in a subnet: SSH is closed.',
      evidence,
    );
  }
  if (publicIp === false) {
    return pass(
      'Compute cluster leaves remote login unspecified but its nodes have no public IP.',
      evidence,
    );
  }
  return fail(
    'Compute cluster leaves remote login unspecified, has no subnet and has public IPs: SSH is open.',
    evidence,
  );
}
