import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PATH = 'properties.minimumTlsVersion';
const ACCEPTED: ReadonlySet<string> = new Set(['TLS1_2', 'TLS1_3']);

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM storage account body.');
  const actual = readPath(body, PATH);
  const expected = 'TLS1_2 or newer';
  if (actual === undefined || actual === null) {
    return fail('Minimum TLS version is not set; the service default accepts TLS 1.0.', [
      {
        path: PATH,
        actual,
        expected,
        note: 'Absent means the service default for older accounts: TLS1_0.',
      },
    ]);
  }
  if (typeof actual !== 'string') {
    return error(`${PATH} is not a string.`, [{ path: PATH, actual, expected }]);
  }
  if (ACCEPTED.has(actual.toUpperCase())) {
    return pass(`Minimum TLS version is ${actual}.`, [{ path: PATH, actual, expected }]);
  }
  return fail(`Minimum TLS version is ${actual}.`, [{ path: PATH, actual, expected }]);
}
