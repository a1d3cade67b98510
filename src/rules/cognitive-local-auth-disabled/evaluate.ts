import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PATH = 'properties.disableLocalAuth';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Cognitive Services account body.');
  const actual = readPath(body, PATH);
  if (actual === undefined || actual === null) {
    return fail('API keys are accepted (local auth is not disabled).', [
      {
        path: PATH,
        actual,
        expected: 'true',
        note: 'Absent means the service default: local (API key) authentication is enabled.',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: 'true' }]);
  }
  if (actual) {
    return pass('Local auth is disabled: callers need Microsoft Entra ID.', [
      { path: PATH, actual, expected: 'true' },
    ]);
  }
  return fail('API keys are accepted (local auth is enabled).', [
    { path: PATH, actual, expected: 'true' },
  ]);
}
