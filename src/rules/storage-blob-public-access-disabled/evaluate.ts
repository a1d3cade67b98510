import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PATH = 'properties.allowBlobPublicAccess';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM storage account body.');
  const actual = readPath(body, PATH);
  if (actual === undefined || actual === null) {
    return fail('Anonymous blob access is not disallowed explicitly.', [
      {
        path: PATH,
        actual,
        expected: 'false',
        note:
          'Absent is read as allowed: accounts that never set the property permitted anonymous ' +
          'access under earlier api-versions, and Azure Policy treats absent as non-compliant. ' +
          'Setting false explicitly changes nothing for accounts already closed.',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: 'false' }]);
  }
  if (!actual) {
    return pass('Anonymous blob access is disallowed for the account.', [
      { path: PATH, actual, expected: 'false' },
    ]);
  }
  return fail('The account allows containers to be opened to anonymous reads.', [
    { path: PATH, actual, expected: 'false' },
  ]);
}
