import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a rendered form stays valid. */
export const CSRF_TTL_MS = 60 * 60 * 1000;
export const CSRF_FIELD = 'csrf';

export interface CsrfBinding {
  approvalId: string;
  principalId: string;
}

function mac(key: Uint8Array, binding: CsrfBinding, expiresMs: number): Buffer {
  return createHmac('sha256', key)
    .update(`ward-approval-csrf\n${binding.approvalId}\n${binding.principalId}\n${expiresMs}`)
    .digest();
}

/** A token bound to one approval, one signed-in person and an expiry: `{expiry}.{hmac}`. */
export function issueCsrfToken(
  key: Uint8Array,
  binding: CsrfBinding,
  now: Date,
  ttlMs = CSRF_TTL_MS,
): string {
  if (key.length < 32) throw new Error('the CSRF key must be at least 32 bytes');
  const expiresMs = now.getTime() + ttlMs;
  return `${expiresMs.toString(36)}.${mac(key, binding, expiresMs).toString('base64url')}`;
}

export function verifyCsrfToken(
  key: Uint8Array,
  token: string | undefined,
  binding: CsrfBinding,
  now: Date,
): boolean {
  if (!token || key.length < 32) return false;
  const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return false;
  const expiresMs = parseInt(match[1], 36);
  if (!Number.isSafeInteger(expiresMs) || expiresMs <= now.getTime()) return false;
  const expected = mac(key, binding, expiresMs);
  const given = Buffer.from(match[2], 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
