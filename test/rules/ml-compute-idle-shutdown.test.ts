import { describe } from 'vitest';
import { mlComputeIdleShutdown as rule } from '../../src/rules/ml-compute-idle-shutdown';
import type { Case } from './ml-fixture-snapshots';
import { fixtureSnapshot, itJudgesEachCase, withProperty } from './ml-fixture-snapshots';

const RULE = 'ml-compute-idle-shutdown';
const PATH = 'properties.properties.idleTimeBeforeShutdown';
const EXPECTED = 'an ISO 8601 duration (the service accepts 15 minutes to 3 days)';
const instance = fixtureSnapshot(RULE, 'fail-instance-absent');

const cases: Case[] = [
  {
    name: 'instance without idle shutdown',
    snapshot: instance,
    status: 'fail',
    message: /^Compute instance has no idle shutdown/,
    evidence: [{ path: PATH, actual: undefined, expected: EXPECTED, note: /Absent or empty/ }],
  },
  {
    name: 'empty string',
    snapshot: withProperty(instance, PATH, ''),
    status: 'fail',
    message: /no idle shutdown/,
    evidence: [{ path: PATH, actual: '', expected: EXPECTED, note: /Absent or empty/ }],
  },
  {
    name: 'zero duration',
    snapshot: withProperty(instance, PATH, 'PT0M'),
    status: 'fail',
    message: /set to zero/,
    evidence: [{ path: PATH, actual: 'PT0M', expected: EXPECTED }],
  },
  ...['PT120M', 'PT15M', 'P1D', 'PT1H30M', 'pt2h'].map((value): Case => ({
    name: `duration ${value}`,
    snapshot: withProperty(instance, PATH, value),
    status: 'pass',
    message: new RegExp(`shuts down after ${value} idle`),
    evidence: [{ path: PATH, actual: value, expected: EXPECTED }],
  })),
  ...['120 minutes', 'P', 'PT', '2h'].map((value): Case => ({
    name: `not a duration: ${value}`,
    snapshot: withProperty(instance, PATH, value),
    status: 'error',
    message: /is not an ISO 8601 duration/,
    evidence: [{ path: PATH, actual: value, expected: EXPECTED }],
  })),
  {
    name: 'number instead of string',
    snapshot: withProperty(instance, PATH, 120),
    status: 'error',
    message: /is not a string/,
    evidence: [{ path: PATH, actual: 120, expected: EXPECTED }],
  },
  {
    name: 'compute cluster',
    snapshot: fixtureSnapshot(RULE, 'skip-cluster'),
    status: 'skip',
    message: /^Compute clusters have no idle shutdown/,
    evidence: [
      {
        path: 'properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown',
        actual: 'PT5M',
        expected: 'not judged by this rule',
      },
    ],
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
