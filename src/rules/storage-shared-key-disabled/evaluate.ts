import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PATH = 'properties.allowSharedKeyAccess';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM storage account body.');
  const actual = readPath(body, PATH);
  if (actual === undefined || actual === null) {
    return fail('Shared key access is allowed (not set).', [
      {
        path: PATH,
        actual,
        expected: 'false',
        note: 'Absent (null) is equivalent to true per the Microsoft.Storage spec: account keys and SAS work.',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: 'false' }]);
  }
  if (!actual) {
    return pass('Shared key access is disabled: requests need Microsoft Entra ID.', [
      { path: PATH, actual, expected: 'false' },
    ]);
  }
  return fail('Shared key access is allowed: account keys and key-signed SAS work.', [
    { path: PATH, actual, expected: 'false' },
  ]);
}
