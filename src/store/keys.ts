import { createHash, randomBytes } from 'node:crypto';

/**
 * Table keys may not hold `/`, `\`, `#`, `?` or control characters and are case-sensitive,
 * while ARM ids are case-insensitive and full of `/`: key on a hash of the case-folded id.
 */
export function resourceKey(resourceId: string): string {
  return createHash('sha256').update(resourceId.toLowerCase()).digest('hex').slice(0, 40);
}

/** A hash key for any opaque string (event ids come from outside and may hold anything). */
export function opaqueKey(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 40);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/** The time part of a sortable id: ten Crockford base32 digits of Unix milliseconds. */
export function encodeTime(ms: number): string {
  let rest = ms;
  let out = '';
  for (let i = 0; i < TIME_CHARS; i += 1) {
    out = (CROCKFORD[rest % 32] ?? '0') + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** The millisecond time a sortable id was made at, or undefined when it is not one. */
export function timeOfSortableId(id: string): number | undefined {
  if (!SORTABLE_ID_PATTERN.test(id)) return undefined;
  let ms = 0;
  for (const char of id.slice(0, TIME_CHARS)) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

export const SORTABLE_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type SortableIdFactory = (now: Date) => string;

/**
 * ULID-shaped ids (time, then randomness) that sort in creation order. Within one factory ids
 * made in the same millisecond (or with a clock that went back) still increase: the random part
 * of the previous id is incremented, as ULID's monotonic mode does.
 */
export function createSortableIdFactory(random: (bytes: number) => Buffer = randomBytes) {
  let lastTime = -1;
  let lastRandom: number[] = [];
  const factory: SortableIdFactory = (now) => {
    const ms = now.getTime();
    if (ms <= lastTime && lastRandom.length === RANDOM_CHARS) {
      const next = [...lastRandom];
      let i = next.length - 1;
      while (i >= 0 && next[i] === 31) {
        next[i] = 0;
        i -= 1;
      }
      if (i >= 0) {
        next[i] = (next[i] ?? 0) + 1;
        lastRandom = next;
        return encodeTime(lastTime) + next.map((d) => CROCKFORD[d]).join('');
      }
      // The random part overflowed (2^80 ids in one millisecond): move on to the next one.
      lastTime += 1;
    } else {
      lastTime = ms;
    }
    const bytes = random(RANDOM_CHARS);
    lastRandom = [...bytes].map((b) => b % 32);
    return encodeTime(lastTime) + lastRandom.map((d) => CROCKFORD[d]).join('');
  };
  return factory;
}
