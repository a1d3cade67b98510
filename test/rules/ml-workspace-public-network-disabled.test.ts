import { describe } from 'vitest';
import { mlWorkspacePublicNetworkDisabled as rule } from '../../src/rules/ml-workspace-public-network-disabled';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-workspace-public-network-disabled';
const PATH = 'properties.publicNetworkAccess';
const BODY = 'properties.privateEndpointConnections';
const PE_EXPECTED = 'an approved private endpoint before public access is disabled';

const cases: Case[] = [
  {
    name: 'disabled',
    snapshot: fixtureSnapshot(RULE, 'pass-disabled'),
    status: 'pass',
    message: /public network access is disabled/,
    evidence: [{ path: PATH, actual: 'Disabled', expected: 'Disabled' }],
  },
  {
    name: 'disabled, echoed in lower case, on a project',
    snapshot: fixtureSnapshot(RULE, 'pass-project-disabled-lowercase'),
    status: 'pass',
    message: /disabled/,
    evidence: [{ path: PATH, actual: 'disabled', expected: 'Disabled' }],
  },
  {
    name: 'enabled with an approved private endpoint: the remedy may run',
    snapshot: fixtureSnapshot(RULE, 'fail-enabled-with-private-endpoint'),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [
      { path: PATH, actual: 'Enabled', expected: 'Disabled' },
      {
        path: BODY,
        actual: ['Approved'],
        expected: PE_EXPECTED,
        note: /An approved private endpoint exists \(1\)/,
      },
    ],
  },
  {
    name: 'enabled without a private endpoint: the remedy must wait',
    snapshot: fixtureSnapshot(RULE, 'fail-enabled-without-private-endpoint'),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [
      { path: PATH, actual: 'Enabled', expected: 'Disabled' },
      {
        path: BODY,
        actual: [],
        expected: PE_EXPECTED,
        note: /will not be disabled until one exists/,
      },
    ],
  },
  {
    name: 'absent on a hub, connections from the reader',
    snapshot: fixtureSnapshot(RULE, 'fail-absent-service-default-related'),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [
      { path: PATH, actual: undefined, expected: 'Disabled', note: /default: Enabled/ },
      {
        path: 'related.privateEndpointConnections',
        actual: ['Approved'],
        expected: PE_EXPECTED,
        note: /approved private endpoint exists/,
      },
    ],
  },
  {
    name: 'enabled with unreadable connections',
    snapshot: withProperty(
      fixtureSnapshot(RULE, 'fail-enabled-with-private-endpoint'),
      BODY,
      'none',
    ),
    status: 'fail',
    message: /reachable from public networks/,
    evidence: [
      { path: PATH, actual: 'Enabled', expected: 'Disabled' },
      {
        path: BODY,
        actual: 'none',
        expected: PE_EXPECTED,
        note: /not an array.*will not be disabled/,
      },
    ],
  },
  {
    name: 'unknown value',
    snapshot: fixtureSnapshot(RULE, 'error-unknown-value'),
    status: 'error',
    message: /unknown value "SecuredByPerimeter"/,
    evidence: [{ path: PATH, actual: 'SecuredByPerimeter', expected: 'Disabled' }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
