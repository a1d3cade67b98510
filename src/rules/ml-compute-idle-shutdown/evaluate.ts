import type { RuleOutcome, Snapshot } from '../../domain';
import { readCompute } from '../ml-compute-type';
import { error, fail, pass, skip } from '../outcome';
import { readPath } from '../paths';

const PATH = 'properties.properties.idleTimeBeforeShutdown';
const SCALE_DOWN_PATH = 'properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown';
const EXPECTED = 'an ISO 8601 duration (the service accepts 15 minutes to 3 days)';

/** ISO 8601 durations as ARM writes them (`PT120M`, `P1D`, `PT1H30M`); weeks and years unused. */
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

function durationMinutes(value: string): number | undefined {
  const match = DURATION.exec(value.trim());
  if (!match || /^PT?$/i.test(value.trim())) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    Number(days ?? 0) * 1440 +
    Number(hours ?? 0) * 60 +
    Number(minutes ?? 0) +
    Number(seconds ?? 0) / 60
  );
}

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const compute = readCompute(snapshot);
  if (!compute.judge) return compute.outcome;
  if (compute.computeType === 'AmlCompute') {
    return skip('Compute clusters have no idle shutdown: they scale down to their minimum nodes.', [
      {
        path: SCALE_DOWN_PATH,
        actual: readPath(compute.body, SCALE_DOWN_PATH),
        expected: 'not judged by this rule',
      },
    ]);
  }
  const actual = readPath(compute.body, PATH);
  if (actual === undefined || actual === null || actual === '') {
    return fail('Compute instance has no idle shutdown: it runs until someone stops it.', [
      {
        path: PATH,
        actual,
        expected: EXPECTED,
        note: 'Absent or empty means no idle shutdown (the service sets none by default).',
      },
    ]);
  }
  if (typeof actual !== 'string') {
    return error(`${PATH} is not a string.`, [{ path: PATH, actual, expected: EXPECTED }]);
  }
  const minutes = durationMinutes(actual);
  if (minutes === undefined) {
    return error(`${PATH} is not an ISO 8601 duration: ${JSON.stringify(actual)}.`, [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  if (minutes <= 0) {
    return fail('Compute instance idle shutdown is set to zero: it never shuts down.', [
      { path: PATH, actual, expected: EXPECTED },
    ]);
  }
  return pass(`Compute instance shuts down after ${actual} idle.`, [
    { path: PATH, actual, expected: EXPECTED },
  ]);
}
