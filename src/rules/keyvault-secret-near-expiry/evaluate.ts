import type { EvaluationContext, RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass, skip } from '../outcome';

const EXP = 'attributes.exp';
const ENABLED = 'attributes.enabled';
const SECONDS_PER_DAY = 86_400;

function iso(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

/** Whole days, rounded toward zero, so "29 days left" never overstates the time remaining. */
function wholeDays(seconds: number): string {
  const days = Math.trunc(seconds / SECONDS_PER_DAY);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export function evaluate(snapshot: Snapshot, context: EvaluationContext): RuleOutcome {
  if (snapshot.subject.kind !== 'secret') {
    return error('Expected a Key Vault secret as the data plane returns it.');
  }
  const days = context.settings.secretNearExpiryDays;
  if (!Number.isFinite(days) || days < 0) {
    return error(`secretNearExpiryDays must be a non-negative number of days, got ${days}.`);
  }
  const { attributes } = snapshot.subject.secret;
  // Null and absent mean the same: enabled, and no expiry.
  const enabled: unknown = attributes.enabled ?? undefined;
  const exp: unknown = attributes.exp ?? undefined;
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    return error(`${ENABLED} is not a boolean.`, [
      { path: ENABLED, actual: enabled, expected: 'true or false' },
    ]);
  }
  if (enabled === false) {
    return skip('Secret is disabled: nothing can use it, so its expiry needs no rotation.', [
      { path: ENABLED, actual: enabled, expected: 'true' },
    ]);
  }
  if (exp === undefined) {
    return skip('Secret has no expiry; keyvault-secret-expiry-set covers that.', [
      { path: EXP, actual: exp, expected: 'an expiry time (Unix seconds)' },
    ]);
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return error(`${EXP} is not a number of Unix seconds.`, [
      { path: EXP, actual: exp, expected: 'an expiry time (Unix seconds)' },
    ]);
  }
  const nowSeconds = context.now.getTime() / 1000;
  const threshold = nowSeconds + days * SECONDS_PER_DAY;
  const remaining = exp - nowSeconds;
  const expected = `later than ${iso(threshold)} (more than ${days} days after the evaluation)`;
  if (remaining <= 0) {
    const ago = wholeDays(-remaining);
    return fail(`Secret expired at ${iso(exp)}, ${ago} ago: rotate it.`, [
      { path: EXP, actual: exp, expected, note: `expired ${iso(exp)}; ${ago} ago` },
    ]);
  }
  const left = wholeDays(remaining);
  const note = `expires ${iso(exp)}; ${left} left`;
  // At exactly the threshold the secret counts as near expiry, as Key Vault's own
  // SecretNearExpiry event fires 30 days before expiry.
  if (exp <= threshold) {
    return fail(`Secret expires at ${iso(exp)}, in ${left}: rotate it.`, [
      { path: EXP, actual: exp, expected, note },
    ]);
  }
  return pass(`Secret expires at ${iso(exp)}, in ${left}.`, [
    { path: EXP, actual: exp, expected, note },
  ]);
}
