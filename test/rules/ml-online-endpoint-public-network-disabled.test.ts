import { describe } from 'vitest';
import { mlOnlineEndpointPublicNetworkDisabled as rule } from '../../src/rules/ml-online-endpoint-public-network-disabled';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-online-endpoint-public-network-disabled';
const PATH = 'properties.publicNetworkAccess';
const endpoint = fixtureSnapshot(RULE, 'fail-absent-service-default');

const cases: Case[] = [
  {
    name: 'absent: service default Enabled',
    snapshot: endpoint,
    status: 'fail',
    message: /does not set public network access/,
    evidence: [{ path: PATH, actual: undefined, expected: 'Disabled', note: /default: Enabled/ }],
  },
  {
    name: 'Enabled',
    snapshot: fixtureSnapshot(RULE, 'fail-enabled'),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [{ path: PATH, actual: 'Enabled', expected: 'Disabled' }],
  },
  {
    name: 'ENABLED in upper case',
    snapshot: withProperty(endpoint, PATH, 'ENABLED'),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [{ path: PATH, actual: 'ENABLED', expected: 'Disabled' }],
  },
  {
    name: 'disabled in lower case',
    snapshot: fixtureSnapshot(RULE, 'pass-disabled-lowercase'),
    status: 'pass',
    message: /public network access is disabled/,
    evidence: [{ path: PATH, actual: 'disabled', expected: 'Disabled' }],
  },
  {
    name: 'not a string',
    snapshot: fixtureSnapshot(RULE, 'error-not-a-string'),
    status: 'error',
    message: /is not a string/,
    evidence: [{ path: PATH, actual: false, expected: 'Disabled' }],
  },
  {
    name: 'Kubernetes endpoint',
    snapshot: fixtureSnapshot(RULE, 'skip-kubernetes-endpoint'),
    status: 'skip',
    message: /exposure from the attached cluster/,
    evidence: [
      {
        path: 'properties.compute',
        actual:
          '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-contoso-prod/computes/k8s-attached',
        expected: 'absent (a managed online endpoint)',
      },
    ],
  },
  {
    name: 'an empty compute id is a managed endpoint',
    snapshot: withProperty(endpoint, 'properties.compute', ''),
    status: 'fail',
    message: /does not set public network access/,
    evidence: [{ path: PATH, actual: undefined, expected: 'Disabled', note: /default: Enabled/ }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
