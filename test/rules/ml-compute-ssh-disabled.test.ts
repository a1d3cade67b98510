import { describe } from 'vitest';
import { mlComputeSshDisabled as rule } from '../../src/rules/ml-compute-ssh-disabled';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-compute-ssh-disabled';
const SSH = 'properties.properties.sshSettings.sshPublicAccess';
const LOGIN = 'properties.properties.remoteLoginPortPublicAccess';
const SUBNET = 'properties.properties.subnet.id';
const SUBNET_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-ml/subnets/snet-training';
const instance = fixtureSnapshot(RULE, 'fail-instance-ssh-public-access-enabled');
const cluster = fixtureSnapshot(RULE, 'fail-cluster-remote-login-enabled');
const notSpecified = withProperty(cluster, LOGIN, 'NotSpecified');

function notSpecifiedEvidence(
  login: unknown,
  subnet: unknown,
  publicIp: unknown,
): Case['evidence'] {
  return [
    {
      path: LOGIN,
      actual: login,
      expected: 'Disabled',
      note: /open unless the cluster is in a subnet/,
    },
    { path: SUBNET, actual: subnet, expected: 'a subnet resource id' },
    {
      path: 'properties.properties.enableNodePublicIp',
      actual: publicIp,
      expected: 'false when there is no subnet',
    },
  ];
}

const cases: Case[] = [
  {
    name: 'instance with public SSH',
    snapshot: instance,
    status: 'fail',
    message: /^Compute instance has its SSH port open/,
    evidence: [{ path: SSH, actual: 'Enabled', expected: 'Disabled', note: /Fixed at creation/ }],
  },
  {
    name: 'instance SSH value echoed in lower case',
    snapshot: withProperty(instance, SSH, 'enabled'),
    status: 'fail',
    message: /SSH port open/,
    evidence: [{ path: SSH, actual: 'enabled', expected: 'Disabled', note: /Fixed at creation/ }],
  },
  {
    name: 'instance without sshSettings: spec default Disabled',
    snapshot: withProperty(instance, 'properties.properties.sshSettings', null),
    status: 'pass',
    message: /service default/,
    evidence: [{ path: SSH, actual: undefined, expected: 'Disabled', note: /default: Disabled/ }],
  },
  {
    name: 'cluster with remote login enabled',
    snapshot: cluster,
    status: 'fail',
    message: /^Compute cluster has the SSH port open on every node/,
    evidence: [{ path: LOGIN, actual: 'Enabled', expected: 'Disabled', note: /Fixed at creation/ }],
  },
  {
    name: 'cluster with remote login DISABLED in upper case',
    snapshot: withProperty(cluster, LOGIN, 'DISABLED'),
    status: 'pass',
    message: /public SSH port closed/,
    evidence: [{ path: LOGIN, actual: 'DISABLED', expected: 'Disabled' }],
  },
  {
    name: 'cluster NotSpecified inside a subnet',
    snapshot: notSpecified,
    status: 'pass',
    message: /sits in a subnet/,
    evidence: notSpecifiedEvidence('NotSpecified', SUBNET_ID, true),
  },
  {
    name: 'cluster without the setting, without a subnet, with public IPs',
    snapshot: withProperty(
      withProperty(cluster, LOGIN, undefined),
      'properties.properties.subnet',
      null,
    ),
    status: 'fail',
    message: /has no subnet and has public IPs: SSH is open/,
    evidence: notSpecifiedEvidence(undefined, undefined, true),
  },
  {
    name: 'cluster NotSpecified with an empty subnet id',
    snapshot: withProperty(notSpecified, SUBNET, ''),
    status: 'fail',
    message: /SSH is open/,
    evidence: notSpecifiedEvidence('NotSpecified', '', true),
  },
  {
    name: 'cluster NotSpecified without a subnet and without public IPs (managed network)',
    snapshot: fixtureSnapshot(RULE, 'pass-cluster-not-specified-no-public-ip'),
    status: 'pass',
    message: /nodes have no public IP/,
    evidence: notSpecifiedEvidence('NotSpecified', undefined, false),
  },
  {
    name: 'subnet id that is not a string',
    snapshot: withProperty(notSpecified, SUBNET, 42),
    status: 'error',
    message: /subnet\.id is not a string/,
    evidence: notSpecifiedEvidence('NotSpecified', 42, true),
  },
  {
    name: 'unknown SSH value',
    snapshot: withProperty(instance, SSH, 'Open'),
    status: 'error',
    message: /unknown value "Open"/,
    evidence: [{ path: SSH, actual: 'Open', expected: 'Disabled' }],
  },
  {
    name: 'remote login that is not a string',
    snapshot: withProperty(cluster, LOGIN, false),
    status: 'error',
    message: /is not a string/,
    evidence: [{ path: LOGIN, actual: false, expected: 'Disabled' }],
  },
  {
    name: 'attached AKS compute',
    snapshot: fixtureSnapshot(RULE, 'skip-aks-attached'),
    status: 'skip',
    message: /^Compute type AKS is not judged/,
    evidence: [
      { path: 'properties.computeType', actual: 'AKS', expected: 'AmlCompute or ComputeInstance' },
    ],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
