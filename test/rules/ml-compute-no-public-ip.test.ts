import { describe } from 'vitest';
import { mlComputeNoPublicIp as rule } from '../../src/rules/ml-compute-no-public-ip';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-compute-no-public-ip';
const PATH = 'properties.properties.enableNodePublicIp';
const cluster = fixtureSnapshot(RULE, 'fail-cluster-node-public-ip-true');
const instance = fixtureSnapshot(RULE, 'fail-instance-absent-service-default');

const cases: Case[] = [
  {
    name: 'cluster with public IPs',
    snapshot: cluster,
    status: 'fail',
    message: /^Compute cluster nodes have public IP addresses/,
    evidence: [{ path: PATH, actual: true, expected: 'false', note: /Fixed at creation/ }],
  },
  {
    name: 'instance without the property: service default true',
    snapshot: instance,
    status: 'fail',
    message: /^Compute instance does not set enableNodePublicIp/,
    evidence: [{ path: PATH, actual: undefined, expected: 'false', note: /default: true/ }],
  },
  {
    name: 'null counts as absent',
    snapshot: withProperty(cluster, PATH, null),
    status: 'fail',
    message: /does not set enableNodePublicIp/,
    evidence: [{ path: PATH, actual: null, expected: 'false', note: /default: true/ }],
  },
  {
    name: 'instance without public IPs',
    snapshot: withProperty(instance, PATH, false),
    status: 'pass',
    message: /^Compute instance nodes have no public IP/,
    evidence: [{ path: PATH, actual: false, expected: 'false' }],
  },
  {
    name: 'computeType in another case is still judged',
    snapshot: withProperty(
      withProperty(cluster, 'properties.computeType', 'amlcompute'),
      PATH,
      false,
    ),
    status: 'pass',
    message: /^Compute cluster/,
    evidence: [{ path: PATH, actual: false, expected: 'false' }],
  },
  {
    name: 'string instead of boolean',
    snapshot: withProperty(cluster, PATH, 'false'),
    status: 'error',
    message: /is not a boolean/,
    evidence: [{ path: PATH, actual: 'false', expected: 'false' }],
  },
  {
    name: 'attached Kubernetes compute',
    snapshot: fixtureSnapshot(RULE, 'skip-kubernetes-attached'),
    status: 'skip',
    message: /^Compute type Kubernetes is not judged/,
    evidence: [
      {
        path: 'properties.computeType',
        actual: 'Kubernetes',
        expected: 'AmlCompute or ComputeInstance',
      },
    ],
  },
  {
    name: 'unknown compute type',
    snapshot: withProperty(cluster, 'properties.computeType', 'QuantumCompute'),
    status: 'skip',
    message: /^Unknown compute type QuantumCompute/,
    evidence: [
      {
        path: 'properties.computeType',
        actual: 'QuantumCompute',
        expected: 'AmlCompute or ComputeInstance',
      },
    ],
  },
  {
    name: 'missing computeType',
    snapshot: withProperty(cluster, 'properties.computeType', undefined),
    status: 'error',
    message: /computeType is missing/,
    evidence: [
      {
        path: 'properties.computeType',
        actual: undefined,
        expected: 'AmlCompute or ComputeInstance',
      },
    ],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
