const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads an exemption's expiry: an ISO date-time with an offset, or a plain ISO date. A plain
 * date is taken as 00:00 UTC of that day: "until 2026-12-31" ends as that day begins, the
 * earlier reading, because an exemption that ends too late is the unsafe mistake. Anything
 * else (including impossible dates Date.parse would roll over) is undefined.
 */
export function parseExpiry(value: string): Date | undefined {
  const text = value.trim();
  if (DATE_ONLY.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) ? date : undefined;
  }
  if (!DATE_TIME.test(text)) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  // Reject calendar overflow such as 2026-02-30T00:00Z, which Date quietly turns into March.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 0));
  if (probe.getUTCDate() !== day || probe.getUTCMonth() + 1 !== month) return undefined;
  return date;
}

/** True while `now` is before the expiry; an unreadable expiry is never active. */
export function isActiveAt(expires: string, now: Date): boolean {
  const until = parseExpiry(expires);
  return until !== undefined && now.getTime() < until.getTime();
}
