import { describe, expect, it } from 'vitest';
import {
  ARM_LIMITS,
  RESOURCE_GRAPH_KEY,
  remainingFromHeaders,
  ThrottleBuckets,
  requestKind,
  throttleKey,
  type ThrottleClock,
} from '../../src/azure/throttle';

/** A clock that only moves when told to, or when a caller sleeps. */
function manualClock(): ThrottleClock & { advance(ms: number): void; slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    sleep(ms) {
      slept.push(ms);
      return Promise.resolve();
    },
  };
}

const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';

describe('ThrottleBuckets', () => {
  it('serves a full read bucket without waiting, then waits for the refill', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < ARM_LIMITS.read.capacity; i++) await buckets.acquire(SUB_A, 'read');
    expect(clock.slept).toEqual([]);
    expect(buckets.available(SUB_A, 'read')).toBe(0);

    await buckets.acquire(SUB_A, 'read');
    // One token at 25/s is 40 ms away.
    expect(clock.slept).toEqual([40]);
    await buckets.acquire(SUB_A, 'read');
    expect(clock.slept).toEqual([40, 80]);
  });

  it('refills at 25 reads per second up to the capacity', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < 250; i++) await buckets.acquire(SUB_A, 'read');
    clock.advance(1000);
    expect(buckets.available(SUB_A, 'read')).toBeCloseTo(25);
    clock.advance(60_000);
    expect(buckets.available(SUB_A, 'read')).toBe(250);
  });

  it('keeps writes in their own bucket of 200 refilling 10/s', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < 200; i++) await buckets.acquire(SUB_A, 'write');
    expect(clock.slept).toEqual([]);
    expect(buckets.available(SUB_A, 'read')).toBe(250);
    await buckets.acquire(SUB_A, 'write');
    expect(clock.slept).toEqual([100]);
  });

  it('keeps subscriptions apart', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < 250; i++) await buckets.acquire(SUB_A, 'read');
    await buckets.acquire(SUB_B, 'read');
    expect(clock.slept).toEqual([]);
    expect(buckets.available(SUB_B, 'read')).toBe(249);
    // Subscription ids in URLs vary in case; the bucket does not.
    await buckets.acquire(SUB_A.toUpperCase(), 'read');
    expect(clock.slept).toEqual([40]);
  });

  it('queues concurrent callers in order by reserving ahead', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({
      clock,
      limits: { read: { capacity: 2, refillPerSecond: 10 }, write: ARM_LIMITS.write },
    });
    await Promise.all([0, 1, 2, 3, 4].map(() => buckets.acquire(SUB_A, 'read')));
    expect(clock.slept).toEqual([100, 200, 300]);
  });
});

describe('ThrottleBuckets.observe: what ARM reports', () => {
  it('lowers the count to what ARM has left, allowing for requests still in flight', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < 10; i++) await buckets.acquire(SUB_A, 'read');
    // ARM answered one of the ten with 200 left; nine more may still land on it.
    buckets.observe(SUB_A, 'read', 200);
    expect(buckets.available(SUB_A, 'read')).toBe(191);
    // A report above this side's count changes nothing.
    buckets.observe(SUB_A, 'read', 249);
    expect(buckets.available(SUB_A, 'read')).toBe(191);
    for (let i = 0; i < 10; i++) buckets.release(SUB_A, 'read');
    buckets.observe(SUB_A, 'read', 100);
    expect(buckets.available(SUB_A, 'read')).toBe(100);
  });

  it('moves sleeping reservations back by what the server reported', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({
      clock,
      limits: { read: { capacity: 2, refillPerSecond: 10 }, write: ARM_LIMITS.write },
    });
    await buckets.acquire(SUB_A, 'read');
    await buckets.acquire(SUB_A, 'read');
    const third = buckets.acquire(SUB_A, 'read');
    expect(clock.slept).toEqual([100]);
    // Before the sleeper wakes, ARM says nothing is left while one other request is in flight.
    buckets.observe(SUB_A, 'read', 0);
    await third;
    expect(clock.slept).toEqual([100, 100]);
  });

  it('gives Resource Graph its own bucket of 15 refilling 3/s', async () => {
    const clock = manualClock();
    const buckets = new ThrottleBuckets({ clock });
    for (let i = 0; i < 15; i++) await buckets.acquire(RESOURCE_GRAPH_KEY, 'write');
    expect(clock.slept).toEqual([]);
    await buckets.acquire(RESOURCE_GRAPH_KEY, 'write');
    expect(clock.slept).toEqual([334]);
  });

  it('reads the lowest remaining-budget header for the kind', () => {
    const headers = new Map([
      ['x-ms-ratelimit-remaining-subscription-reads', '11999'],
      ['x-ms-ratelimit-remaining-subscription-global-reads', '240'],
      ['x-ms-ratelimit-remaining-subscription-writes', '1199'],
    ]);
    expect(remainingFromHeaders(headers, 'read')).toBe(240);
    expect(remainingFromHeaders(headers, 'write')).toBe(1199);
    expect(remainingFromHeaders(new Map(), 'read')).toBeUndefined();
  });
});

describe('request classification', () => {
  it('spends read tokens on GET and HEAD and write tokens on the rest', () => {
    expect(requestKind('GET')).toBe('read');
    expect(requestKind('head')).toBe('read');
    for (const m of ['PUT', 'PATCH', 'POST', 'DELETE']) expect(requestKind(m)).toBe('write');
  });

  it('keys a request by Resource Graph, else the subscription in its path, else the host', () => {
    expect(
      throttleKey(
        `https://management.azure.com/subscriptions/${SUB_A.toUpperCase()}/resourceGroups/rg?api-version=1`,
      ),
    ).toBe(SUB_A);
    expect(
      throttleKey('https://management.azure.com/providers/Microsoft.ResourceGraph/resources'),
    ).toBe(RESOURCE_GRAPH_KEY);
    expect(
      throttleKey('https://management.azure.com/providers/Microsoft.Insights/operations'),
    ).toBe('host:management.azure.com');
    expect(throttleKey('https://kv1.vault.azure.net/secrets?api-version=7.6')).toBe(
      'host:kv1.vault.azure.net',
    );
  });
});
