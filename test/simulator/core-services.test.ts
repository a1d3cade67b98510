import { describe, expect, it } from 'vitest';
import { SimClock } from '../../src/simulator/clock';
import { Counters } from '../../src/simulator/counters';
import { FaultInjector } from '../../src/simulator/faults';
import { Prng } from '../../src/simulator/prng';
import { Throttle } from '../../src/simulator/throttle';
import { parseResourcePath } from '../../src/simulator/arm/resource-path';
import { parseSeed, SeedError } from '../../src/simulator/seed/load';

describe('simulated clock', () => {
  it('advances without waiting, and a frozen clock moves only when told', () => {
    const clock = new SimClock({ start: '2026-01-01T00:00:00Z', frozen: true });
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    clock.advance(86_400_000);
    expect(clock.now().toISOString()).toBe('2026-01-02T00:00:00.000Z');
    clock.set('2027-03-01T00:00:00Z');
    expect(clock.nowMs()).toBe(Date.parse('2027-03-01T00:00:00Z'));
    const running = new SimClock();
    const before = running.nowMs();
    running.advance(10 * 86_400_000);
    expect(running.nowMs() - before).toBeGreaterThanOrEqual(10 * 86_400_000);
    expect(() => {
      running.advance(-1);
    }).toThrow(RangeError);
  });
});

describe('token buckets', () => {
  it('refills at the configured rate per subscription, principal and kind', () => {
    let now = 0;
    const throttle = new Throttle(
      { reads: { capacity: 2, refillPerSecond: 1 }, writes: { capacity: 1, refillPerSecond: 0.5 } },
      () => now,
    );
    expect(throttle.take('s', 'p', 'read').allowed).toBe(true);
    expect(throttle.take('s', 'p', 'read').allowed).toBe(true);
    const refused = throttle.take('s', 'p', 'read');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(throttle.take('s', 'q', 'read').allowed).toBe(true);
    expect(throttle.take('t', 'p', 'read').allowed).toBe(true);
    now = 1000;
    expect(throttle.take('s', 'p', 'read').allowed).toBe(true);
    expect(throttle.take('s', 'p', 'action')).toMatchObject({
      allowed: true,
      header: 'x-ms-ratelimit-remaining-subscription-writes',
    });
    expect(throttle.take('s', 'p', 'write')).toMatchObject({
      allowed: false,
      retryAfterSeconds: 2,
    });
    expect(throttle.take('s', 'p', 'delete').header).toBe(
      'x-ms-ratelimit-remaining-subscription-deletes',
    );
  });
});

describe('faults, counters, PRNG', () => {
  it('matches faults by method, path and principal', () => {
    const faults = new FaultInjector();
    faults.add({ match: { method: 'PUT', pathPattern: 'computes' }, kind: '500', times: 2 });
    const put = { method: 'PUT' as const, path: '/x/computes/c', principal: 'p' };
    expect(faults.take({ ...put, method: 'GET' })).toEqual([]);
    expect(faults.take(put)).toHaveLength(1);
    expect(faults.take(put)).toHaveLength(1);
    expect(faults.take(put)).toEqual([]);
    expect(() => faults.add({ kind: '500', nth: 0 })).toThrow(RangeError);
  });

  it('counts per principal and resets', () => {
    const counters = new Counters();
    counters.count('a', 'reads', 2);
    counters.count('b', 'writes');
    expect(counters.snapshot()).toMatchObject({
      total: { reads: 2, writes: 1 },
      byPrincipal: { a: { reads: 2 }, b: { writes: 1 } },
    });
    counters.reset();
    expect(counters.snapshot().byPrincipal).toEqual({});
  });

  it('repeats its sequence for a seed', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    expect([a.uuid(), a.next(), a.shuffle([1, 2, 3, 4])]).toEqual([
      b.uuid(),
      b.next(),
      b.shuffle([1, 2, 3, 4]),
    ]);
  });
});

describe('resource paths and seeds', () => {
  it('parses children, collections and extension resources', () => {
    const ws =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w';
    expect(parseResourcePath(`${ws}/computes/c`)).toMatchObject({
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      name: 'c',
      parentId: ws,
      isCollection: false,
    });
    expect(parseResourcePath(`${ws}/computes`)).toMatchObject({ isCollection: true });
    expect(
      parseResourcePath(`${ws}/providers/Microsoft.Insights/diagnosticSettings/d`),
    ).toMatchObject({ type: 'Microsoft.Insights/diagnosticSettings', extensionOf: ws, name: 'd' });
    expect(parseResourcePath('/subscriptions/s/resourceGroups/rg')).toBeUndefined();
  });

  it('rejects a bad seed with a message naming the problem', () => {
    expect(() => parseSeed({ tenantId: 'x', subscriptions: [] }, 'seed')).toThrow(SeedError);
    expect(() => parseSeed({ tenantId: 'x', subscriptions: [] }, 'seed')).toThrow(/tenantId/);
  });
});
