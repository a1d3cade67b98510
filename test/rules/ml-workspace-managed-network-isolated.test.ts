import { describe } from 'vitest';
import { mlWorkspaceManagedNetworkIsolated as rule } from '../../src/rules/ml-workspace-managed-network-isolated';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-workspace-managed-network-isolated';
const PATH = 'properties.managedNetwork.isolationMode';
const EXPECTED = 'AllowOnlyApprovedOutbound or AllowInternetOutbound';
const workspace = fixtureSnapshot(RULE, 'pass-allow-only-approved-outbound');

const cases: Case[] = [
  {
    name: 'approved outbound only',
    snapshot: workspace,
    status: 'pass',
    message: /allows only approved outbound/,
    evidence: [{ path: PATH, actual: 'AllowOnlyApprovedOutbound', expected: EXPECTED }],
  },
  {
    name: 'internet outbound, echoed in lower case, on a hub',
    snapshot: fixtureSnapshot(RULE, 'pass-hub-allow-internet-outbound-lowercase'),
    status: 'pass',
    message: /allows internet outbound/,
    evidence: [
      {
        path: PATH,
        actual: 'allowinternetoutbound',
        expected: EXPECTED,
        note: /can reach any internet destination/,
      },
    ],
  },
  {
    name: 'disabled',
    snapshot: fixtureSnapshot(RULE, 'fail-disabled'),
    status: 'fail',
    message: /isolation is disabled/,
    evidence: [{ path: PATH, actual: 'Disabled', expected: EXPECTED }],
  },
  {
    name: 'no managed network block',
    snapshot: fixtureSnapshot(RULE, 'fail-absent-service-default'),
    status: 'fail',
    message: /has no managed network isolation/,
    evidence: [{ path: PATH, actual: undefined, expected: EXPECTED, note: /default: Disabled/ }],
  },
  {
    name: 'isolationMode null',
    snapshot: withProperty(workspace, PATH, null),
    status: 'fail',
    message: /no managed network isolation/,
    evidence: [{ path: PATH, actual: null, expected: EXPECTED, note: /default: Disabled/ }],
  },
  {
    name: 'not a string',
    snapshot: fixtureSnapshot(RULE, 'error-not-a-string'),
    status: 'error',
    message: /is not a string/,
    evidence: [{ path: PATH, actual: true, expected: EXPECTED }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
