import { describe } from 'vitest';
import { mlComputeManagedIdentity as rule } from '../../src/rules/ml-compute-managed-identity';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-compute-managed-identity';
const EXPECTED = 'SystemAssigned, UserAssigned or both';
const cluster = fixtureSnapshot(RULE, 'fail-cluster-no-identity');

const cases: Case[] = [
  {
    name: 'no identity block',
    snapshot: cluster,
    status: 'fail',
    message: /^Compute cluster has no managed identity\.$/,
    evidence: [
      { path: 'identity', actual: undefined, expected: EXPECTED, note: /No identity block/ },
    ],
  },
  {
    name: 'identity null',
    snapshot: withProperty(cluster, 'identity', null),
    status: 'fail',
    message: /has no managed identity/,
    evidence: [{ path: 'identity', actual: null, expected: EXPECTED, note: /No identity block/ }],
  },
  {
    name: 'identity type None',
    snapshot: fixtureSnapshot(RULE, 'fail-instance-identity-none'),
    status: 'fail',
    message: /^Compute instance has no managed identity \(identity type None\)/,
    evidence: [{ path: 'identity.type', actual: 'None', expected: EXPECTED }],
  },
  {
    name: 'user-assigned',
    snapshot: fixtureSnapshot(RULE, 'pass-cluster-user-assigned'),
    status: 'pass',
    message: /has a UserAssigned managed identity/,
    evidence: [{ path: 'identity.type', actual: 'UserAssigned', expected: EXPECTED }],
  },
  {
    name: 'system-assigned in lower case',
    snapshot: fixtureSnapshot(RULE, 'pass-instance-system-assigned-lowercase'),
    status: 'pass',
    message: /has a SystemAssigned managed identity/,
    evidence: [{ path: 'identity.type', actual: 'systemassigned', expected: EXPECTED }],
  },
  {
    name: 'both, written with a space',
    snapshot: fixtureSnapshot(RULE, 'pass-cluster-system-and-user-assigned'),
    status: 'pass',
    message: /SystemAssigned,UserAssigned/,
    evidence: [
      { path: 'identity.type', actual: 'SystemAssigned, UserAssigned', expected: EXPECTED },
    ],
  },
  {
    name: 'unknown identity type',
    snapshot: withProperty(cluster, 'identity', { type: 'Managed' }),
    status: 'error',
    message: /unknown value "Managed"/,
    evidence: [{ path: 'identity.type', actual: 'Managed', expected: EXPECTED }],
  },
  {
    name: 'identity without a type',
    snapshot: withProperty(cluster, 'identity', {
      principalId: '33333333-3333-3333-3333-333333333333',
    }),
    status: 'error',
    message: /identity\.type is missing/,
    evidence: [{ path: 'identity.type', actual: undefined, expected: EXPECTED }],
  },
  {
    name: 'attached AKS compute',
    snapshot: fixtureSnapshot(RULE, 'skip-aks-attached'),
    status: 'skip',
    message: /AKS is not judged/,
    evidence: [
      { path: 'properties.computeType', actual: 'AKS', expected: 'AmlCompute or ComputeInstance' },
    ],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
