import type { AlertInput, SecretExpiry } from '../types';

const SECONDS_PER_DAY = 86_400;
const EXPIRY_PATH = 'attributes.exp';

/** `https://{vault}.vault.azure.net/secrets/{name}[/{version}]` → vault host name and secret name. */
export function parseSecretId(id: string): { vault: string; secretName: string } | undefined {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    return undefined;
  }
  const [kind, name] = url.pathname.split('/').filter(Boolean);
  if (kind !== 'secrets' || !name) return undefined;
  const vault = url.hostname.split('.')[0] ?? url.hostname;
  return { vault, secretName: decodeURIComponent(name) };
}

/** Whole days from `from` to `to`, rounded toward zero (never overstates the time left). */
export function wholeDaysBetween(from: Date, to: Date): number {
  return Math.trunc((to.getTime() - from.getTime()) / 1000 / SECONDS_PER_DAY);
}

/**
 * The secret an alert is about: given, or read from the finding's secret id and its
 * `attributes.exp` evidence (Unix seconds). Undefined when neither says enough.
 */
export function secretExpiryOf(input: AlertInput): SecretExpiry | undefined {
  if (input.secret) return input.secret;
  const id = input.finding?.resourceId ?? input.resourceId;
  const names = id ? parseSecretId(id) : undefined;
  const exp = input.finding?.evidence.find((item) => item.path === EXPIRY_PATH)?.actual;
  if (!names || typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  const expires = new Date(exp * 1000);
  const occurred = new Date(input.occurredAt);
  if (Number.isNaN(expires.getTime()) || Number.isNaN(occurred.getTime())) return undefined;
  return {
    ...names,
    expiresAt: expires.toISOString(),
    daysLeft: wholeDaysBetween(occurred, expires),
  };
}

/** Whether the secret had expired when the alert was raised. */
export function hasExpired(secret: SecretExpiry, occurredAt: string): boolean {
  const occurred = Date.parse(occurredAt);
  return Number.isNaN(occurred) ? secret.daysLeft < 0 : Date.parse(secret.expiresAt) <= occurred;
}

export function daysLeftText(secret: SecretExpiry, expired: boolean): string {
  const days = Math.abs(secret.daysLeft);
  const count = days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`;
  return expired ? `expired ${count} ago` : `${count} left`;
}
