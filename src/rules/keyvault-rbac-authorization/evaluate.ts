import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PATH = 'properties.enableRbacAuthorization';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Key Vault vault body.');
  const actual = readPath(body, PATH);
  if (actual === undefined || actual === null) {
    return fail('The vault authorizes data access with access policies, not Azure RBAC.', [
      {
        path: PATH,
        actual,
        expected: 'true',
        note:
          'Absent means access policies at api-version 2025-05-01, which ward reads; the default ' +
          'becomes true only from api-version 2026-02-01.',
      },
    ]);
  }
  if (typeof actual !== 'boolean') {
    return error(`${PATH} is not a boolean.`, [{ path: PATH, actual, expected: 'true' }]);
  }
  if (actual)
    return pass('The vault uses Azure RBAC for data access.', [
      { path: PATH, actual, expected: 'true' },
    ]);
  return fail('The vault authorizes data access with access policies, not Azure RBAC.', [
    { path: PATH, actual, expected: 'true' },
  ]);
}
