import { describe } from 'vitest';
import { mlOnlineEndpointAadAuth as rule } from '../../src/rules/ml-online-endpoint-aad-auth';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-online-endpoint-aad-auth';
const PATH = 'properties.authMode';
const EXPECTED = 'AADToken (AMLToken accepted)';
const KUBERNETES = 'AMLToken (Kubernetes endpoints do not support AADToken)';
const endpoint = fixtureSnapshot(RULE, 'pass-aml-token');

const cases: Case[] = [
  {
    name: 'Key',
    snapshot: fixtureSnapshot(RULE, 'fail-key'),
    status: 'fail',
    message: /static keys that never expire/,
    evidence: [{ path: PATH, actual: 'Key', expected: EXPECTED, note: /move to tokens first/ }],
  },
  {
    name: 'key in lower case',
    snapshot: withProperty(endpoint, PATH, 'key'),
    status: 'fail',
    message: /static keys/,
    evidence: [{ path: PATH, actual: 'key', expected: EXPECTED, note: /move to tokens/ }],
  },
  {
    name: 'AMLToken passes with a note',
    snapshot: endpoint,
    status: 'pass',
    message: /expiring Azure ML tokens/,
    evidence: [
      { path: PATH, actual: 'AMLToken', expected: EXPECTED, note: /AADToken is stronger/ },
    ],
  },
  {
    name: 'Key on a Kubernetes endpoint: AMLToken is the target',
    snapshot: fixtureSnapshot(RULE, 'fail-kubernetes-endpoint-key'),
    status: 'fail',
    message: /static keys/,
    evidence: [{ path: PATH, actual: 'Key', expected: KUBERNETES, note: /move to tokens first/ }],
  },
  {
    name: 'AMLToken on a Kubernetes endpoint: the best it supports, no note',
    snapshot: withProperty(fixtureSnapshot(RULE, 'fail-kubernetes-endpoint-key'), PATH, 'AMLToken'),
    status: 'pass',
    message: /expiring Azure ML tokens/,
    evidence: [{ path: PATH, actual: 'AMLToken', expected: KUBERNETES }],
  },
  {
    name: 'AADToken in lower case',
    snapshot: fixtureSnapshot(RULE, 'pass-aad-token-lowercase'),
    status: 'pass',
    message: /Microsoft Entra ID tokens/,
    evidence: [{ path: PATH, actual: 'aadtoken', expected: EXPECTED }],
  },
  {
    name: 'authMode missing (required by the spec)',
    snapshot: fixtureSnapshot(RULE, 'error-auth-mode-absent'),
    status: 'error',
    message: /authMode is missing/,
    evidence: [{ path: PATH, actual: undefined, expected: EXPECTED }],
  },
  {
    name: 'unknown authMode',
    snapshot: fixtureSnapshot(RULE, 'error-unknown-auth-mode'),
    status: 'error',
    message: /unknown value "Certificate"/,
    evidence: [{ path: PATH, actual: 'Certificate', expected: EXPECTED }],
  },
];

describe(RULE, () => {
  itJudgesEachCase(rule, cases);
});
