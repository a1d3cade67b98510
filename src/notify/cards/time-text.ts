/**
 * Times as people read them on a card: a UTC date and time and how far it is from the card's
 * own moment ("2027-12-04 10:15 UTC (in 364 days)"). Never an epoch number.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "in 23 hours", "5 minutes ago", "now": the largest whole unit, rounded down. */
export function relativeText(at: Date, now: Date): string {
  const delta = at.getTime() - now.getTime();
  const size = Math.abs(delta);
  let span: string;
  if (size < MINUTE) return 'now';
  if (size < HOUR) span = plural(Math.floor(size / MINUTE), 'minute');
  else if (size < 2 * DAY) span = plural(Math.floor(size / HOUR), 'hour');
  else span = plural(Math.floor(size / DAY), 'day');
  return delta > 0 ? `in ${span}` : `${span} ago`;
}

/** `2026-12-04 23:41 UTC`. */
export function utcText(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A readable UTC time with its relative hint; the input as given when it is no time at all. */
export function timeText(value: string | number | Date, now?: string | Date): string {
  const at =
    typeof value === 'number'
      ? new Date(value * 1000)
      : value instanceof Date
        ? value
        : new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  const reference = now === undefined ? undefined : new Date(now);
  if (!reference || Number.isNaN(reference.getTime())) return utcText(at);
  return `${utcText(at)} (${relativeText(at, reference)})`;
}

/**
 * Key Vault's time attributes are Unix seconds (`attributes.exp`, `nbf`, `created`, `updated`):
 * evidence at these paths is shown as a time.
 */
export function isEpochSecondsPath(path: string): boolean {
  return /(^|\.)attributes\.(exp|nbf|created|updated)$/.test(path);
}
