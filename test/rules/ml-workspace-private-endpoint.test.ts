import { describe } from 'vitest';
import { mlWorkspacePrivateEndpoint as rule } from '../../src/rules/ml-workspace-private-endpoint';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-workspace-private-endpoint';
const BODY = 'properties.privateEndpointConnections';
const RELATED = 'related.privateEndpointConnections';
const EXPECTED = 'at least one connection with status Approved';
const approved = fixtureSnapshot(RULE, 'pass-approved-connection');

function connection(status: unknown): Record<string, unknown> {
  return { properties: { privateLinkServiceConnectionState: { status } } };
}

const cases: Case[] = [
  {
    name: 'approved connection in the body',
    snapshot: approved,
    status: 'pass',
    message: /has 1 approved private endpoint/,
    evidence: [{ path: BODY, actual: ['Approved'], expected: EXPECTED }],
  },
  {
    name: 'only a pending connection',
    snapshot: fixtureSnapshot(RULE, 'fail-pending-connection'),
    status: 'fail',
    message: /none is approved/,
    evidence: [{ path: BODY, actual: ['Pending'], expected: EXPECTED, note: /carry no traffic/ }],
  },
  {
    name: 'no connections in the body',
    snapshot: fixtureSnapshot(RULE, 'fail-no-connections'),
    status: 'fail',
    message: /^Workspace has no private endpoint connection/,
    evidence: [{ path: BODY, actual: [], expected: EXPECTED, note: /No connections listed/ }],
  },
  {
    name: 'empty list in the body',
    snapshot: withProperty(approved, BODY, []),
    status: 'fail',
    message: /no private endpoint connection/,
    evidence: [{ path: BODY, actual: [], expected: EXPECTED, note: /The list is empty/ }],
  },
  {
    name: 'status echoed in upper case, beside a rejected one',
    snapshot: withProperty(approved, BODY, [connection('Rejected'), connection('APPROVED')]),
    status: 'pass',
    message: /has 1 approved/,
    evidence: [{ path: BODY, actual: ['Rejected', 'APPROVED'], expected: EXPECTED }],
  },
  {
    name: 'the reader listing is preferred and approves',
    snapshot: fixtureSnapshot(RULE, 'pass-related-approved-lowercase'),
    status: 'pass',
    message: /has 1 approved/,
    evidence: [{ path: RELATED, actual: ['approved'], expected: EXPECTED }],
  },
  {
    name: 'an empty reader listing wins over the body',
    snapshot: fixtureSnapshot(RULE, 'fail-related-empty-wins-over-body'),
    status: 'fail',
    message: /no private endpoint connection/,
    evidence: [{ path: RELATED, actual: [], expected: EXPECTED, note: /The list is empty/ }],
  },
  {
    name: 'connections not an array',
    snapshot: withProperty(approved, BODY, { value: [] }),
    status: 'error',
    message: /privateEndpointConnections is not an array/,
    evidence: [{ path: BODY, actual: { value: [] }, expected: EXPECTED }],
  },
  {
    name: 'a status that is not a string',
    snapshot: withProperty(approved, BODY, [connection(1)]),
    status: 'error',
    message: /\[0\]\.properties\.privateLinkServiceConnectionState\.status is not a string/,
    evidence: [{ path: BODY, actual: [connection(1)], expected: EXPECTED }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
