import type { Evidence, RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass } from '../outcome';
import { armBody, readPath } from '../paths';

const PURGE = 'properties.enablePurgeProtection';
const SOFT_DELETE = 'properties.enableSoftDelete';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  const body = armBody(snapshot);
  if (!body) return error('Expected an ARM Key Vault vault body.');
  const purge = readPath(body, PURGE) ?? undefined;
  const softDelete = readPath(body, SOFT_DELETE) ?? undefined;
  if (purge !== undefined && typeof purge !== 'boolean') {
    return error(`${PURGE} is not a boolean.`, [{ path: PURGE, actual: purge, expected: 'true' }]);
  }
  if (softDelete !== undefined && typeof softDelete !== 'boolean') {
    return error(`${SOFT_DELETE} is not a boolean.`, [
      { path: SOFT_DELETE, actual: softDelete, expected: 'true or absent' },
    ]);
  }
  const evidence: Evidence[] = [
    purge === undefined
      ? {
          path: PURGE,
          actual: purge,
          expected: 'true',
          note: 'Absent means off: purge protection is never on by default. It can be turned on, never off.',
        }
      : { path: PURGE, actual: purge, expected: 'true' },
  ];
  if (softDelete === false) {
    // Purge protection only takes effect with soft delete on (Microsoft.KeyVault 2025-05-01 schema).
    evidence.push({
      path: SOFT_DELETE,
      actual: softDelete,
      expected: 'true or absent',
      note: 'Purge protection is effective only when soft delete is on.',
    });
    return fail('Soft delete is off, so deleted vault contents can be purged at once.', evidence);
  }
  if (purge === true) return pass('Purge protection is enabled.', evidence);
  return fail(
    purge === undefined
      ? 'Purge protection is not set: deleted secrets, keys and the vault itself can be purged before the retention period ends.'
      : 'Purge protection is disabled: deleted secrets, keys and the vault itself can be purged before the retention period ends.',
    evidence,
  );
}
