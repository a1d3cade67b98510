import { describe } from 'vitest';
import { mlComputeLocalAuthDisabled as rule } from '../../src/rules/ml-compute-local-auth-disabled';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-compute-local-auth-disabled';
const PATH = 'properties.disableLocalAuth';
const cluster = fixtureSnapshot(RULE, 'fail-cluster-absent-service-default');
const instance = fixtureSnapshot(RULE, 'fail-instance-local-auth-allowed');

const cases: Case[] = [
  {
    name: 'cluster without the property: local auth allowed by default',
    snapshot: cluster,
    status: 'fail',
    message: /^Compute cluster does not set disableLocalAuth/,
    evidence: [{ path: PATH, actual: undefined, expected: 'true', note: /service default/ }],
  },
  {
    name: 'instance with local auth allowed',
    snapshot: instance,
    status: 'fail',
    message: /^Compute instance allows local authentication/,
    evidence: [{ path: PATH, actual: false, expected: 'true', note: /Fixed at creation/ }],
  },
  {
    name: 'instance with local auth disabled',
    snapshot: withProperty(instance, PATH, true),
    status: 'pass',
    message: /^Compute instance has local authentication disabled/,
    evidence: [{ path: PATH, actual: true, expected: 'true' }],
  },
  {
    name: 'lower-case computeType is judged',
    snapshot: withProperty(
      withProperty(instance, 'properties.computeType', 'COMPUTEINSTANCE'),
      PATH,
      true,
    ),
    status: 'pass',
    message: /^Compute instance/,
    evidence: [{ path: PATH, actual: true, expected: 'true' }],
  },
  {
    name: 'string instead of boolean',
    snapshot: withProperty(cluster, PATH, 'true'),
    status: 'error',
    message: /is not a boolean/,
    evidence: [{ path: PATH, actual: 'true', expected: 'true' }],
  },
  {
    name: 'attached Kubernetes compute',
    snapshot: fixtureSnapshot(RULE, 'skip-kubernetes-attached'),
    status: 'skip',
    message: /Kubernetes is not judged/,
    evidence: [
      {
        path: 'properties.computeType',
        actual: 'Kubernetes',
        expected: 'AmlCompute or ComputeInstance',
      },
    ],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
