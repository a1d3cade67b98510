import type { RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass, skip } from '../outcome';

const EXP = 'attributes.exp';
const ENABLED = 'attributes.enabled';
const MANAGED = 'managed';
const EXPECTED = 'an expiry time (Unix seconds)';

export function evaluate(snapshot: Snapshot): RuleOutcome {
  if (snapshot.subject.kind !== 'secret') {
    return error('Expected a Key Vault secret as the data plane returns it.');
  }
  const { secret } = snapshot.subject;
  // Null and absent mean the same: Key Vault's defaults (enabled, not managed, no expiry).
  const enabled: unknown = secret.attributes.enabled ?? undefined;
  const managed: unknown = secret.managed ?? undefined;
  const exp: unknown = secret.attributes.exp ?? undefined;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    return error(`${ENABLED} is not a boolean.`, [
      { path: ENABLED, actual: enabled, expected: 'true or false' },
    ]);
  }
  if (managed !== undefined && typeof managed !== 'boolean') {
    return error(`${MANAGED} is not a boolean.`, [
      { path: MANAGED, actual: managed, expected: 'true or false' },
    ]);
  }
  if (enabled === false) {
    return skip('Secret is disabled: it cannot be read, so its expiry does not matter.', [
      { path: ENABLED, actual: enabled, expected: 'true' },
    ]);
  }
  if (managed === true) {
    return skip(
      'Secret is managed by Key Vault (certificate-backed): its expiry follows the certificate and cannot be set on the secret.',
      [{ path: MANAGED, actual: managed, expected: 'false or absent' }],
    );
  }
  if (exp === undefined) {
    return fail('Secret has no expiry: it stays valid forever and is never rotated.', [
      {
        path: EXP,
        actual: exp,
        expected: EXPECTED,
        note: 'Absent means the secret never expires (Key Vault sets no expiry by default).',
      },
    ]);
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return error(`${EXP} is not a number of Unix seconds.`, [
      { path: EXP, actual: exp, expected: EXPECTED },
    ]);
  }
  return pass(`Secret expires at ${new Date(exp * 1000).toISOString()}.`, [
    { path: EXP, actual: exp, expected: EXPECTED },
  ]);
}
