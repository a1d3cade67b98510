import { describe, expect, it } from 'vitest';
import {
  sweepExemptions,
  sweepGuardrails,
  sweepIntentMarks,
  sweepTickets,
} from '../../src/app/sweep-scope';
import type { Finding } from '../../src/domain';
import { createExemptions, createGuardrails } from '../../src/store';
import type { Exemptions, Guardrails } from '../../src/store';
import { createIntentMarks } from '../../src/store/intent-marks';
import { createTicketRegistry } from '../../src/tickets/registry';
import type { TicketRegistry } from '../../src/tickets/registry';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('sweepscope');
const SUB = '00000000-0000-0000-0000-0000000000aa';
const STORAGE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/mldata`;
const OTHER = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/other`;
const T0 = new Date('2026-12-01T10:00:00Z');
const TLS = 'storage-min-tls-1-2';

/** A clock the test moves. */
function clock() {
  let now = T0.getTime();
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Counts the calls that reach the store underneath. */
function counted<T extends object>(target: T): { store: T; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const store = new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls[key] = (calls[key] ?? 0) + 1;
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
  return { store, calls };
}

function finding(resourceId: string, fingerprint: string): Finding {
  return {
    fingerprint,
    ruleId: TLS,
    resourceId,
    resourceType: 'Microsoft.Storage/storageAccounts',
    severity: 'medium',
    message: 'minimumTlsVersion is TLS1_0',
    evidence: [],
    evaluatedAt: T0.toISOString(),
  };
}

describe("the sweep's shared reads", () => {
  it('reads the exemptions once per period, and stops counting an expired one at once', async () => {
    const time = clock();
    const { store, calls } = counted<Exemptions>(createExemptions(newTables()));
    await store.add(
      { ruleId: TLS, scope: STORAGE, reason: 'migration', expires: '2026-12-01T10:00:20Z' },
      T0,
    );
    const sweep = sweepExemptions(store, time.now, 30_000);
    expect(await sweep.listActive(time.now())).toHaveLength(1);
    expect(await sweep.listActive(time.now())).toHaveLength(1);
    expect(calls.listAll).toBe(1);

    await store.add(
      { ruleId: '*', scope: OTHER, reason: 'decommissioning', expires: '2026-12-31' },
      T0,
    );
    time.advance(25_000);
    // The first has expired; the second is not read yet.
    expect(await sweep.listActive(time.now())).toEqual([]);
    time.advance(10_000);
    expect((await sweep.listActive(time.now())).map((record) => record.scope)).toEqual([OTHER]);
    expect(calls.listAll).toBe(2);
  });

  it('counts the fixes of the flap window from one read, with the fixes the sweep makes', async () => {
    const time = clock();
    const { store, calls } = counted<Guardrails>(createGuardrails(newTables()));
    await store.recordFix(TLS, STORAGE, new Date(T0.getTime() - 70 * 60_000));
    await store.recordFix(TLS, STORAGE, new Date(T0.getTime() - 50 * 60_000));
    await store.recordFix(TLS, OTHER, new Date(T0.getTime() - 5 * 60_000));
    const sweep = sweepGuardrails(store, time.now, 60, 30_000);

    expect(await sweep.fixesInWindow(TLS, STORAGE, time.now(), 60)).toBe(1);
    expect(await sweep.fixesInWindow(TLS, STORAGE.toUpperCase(), time.now(), 60)).toBe(1);
    expect(await sweep.fixesInWindow(TLS, OTHER, time.now(), 60)).toBe(1);
    expect(await sweep.fixesInWindow('storage-shared-key-disabled', OTHER, time.now(), 60)).toBe(0);
    time.advance(1_000);
    await sweep.recordFix(TLS, STORAGE, time.now());
    expect(await sweep.fixesInWindow(TLS, STORAGE, time.now(), 60)).toBe(2);
    expect(calls.listFixesSince).toBe(1);
    expect(calls.fixesInWindow ?? 0).toBe(0);

    // Read again after the period: the sweep's own fix is in the store too, and counts once.
    time.advance(60_000);
    expect(await sweep.fixesInWindow(TLS, STORAGE, time.now(), 60)).toBe(2);
    expect(calls.listFixesSince).toBe(2);
    // The same answers as the store's own count.
    expect(await store.fixesInWindow(TLS, STORAGE, time.now(), 60)).toBe(2);
  });

  it('reads the budget once per subscription and period', async () => {
    const time = clock();
    const { store, calls } = counted<Guardrails>(createGuardrails(newTables()));
    const sweep = sweepGuardrails(store, time.now, 60, 30_000);
    const budget = { maxChanges: 2, maxChangesPerSubscription: 1, windowMinutes: 60 };
    const request = { subscriptionId: SUB, now: time.now(), budget };
    expect((await sweep.current(request)).allowed).toBe(true);
    await store.tryConsume(request);
    // Within the period the sweep still sees the earlier answer: the executor's own consume
    // is what refuses a change beyond the budget.
    expect((await sweep.current(request)).allowed).toBe(true);
    expect(calls.current).toBe(1);
    time.advance(31_000);
    expect((await sweep.current({ ...request, now: time.now() })).allowed).toBe(false);
    expect(calls.current).toBe(2);
  });

  it('resolves only tickets open when the sweep began or opened during it, reading nothing else', async () => {
    const tables = newTables();
    const registry = createTicketRegistry({ table: () => tables.table('WardTickets') });
    await registry.open(finding(STORAGE, 'a'.repeat(32)), T0);
    const { store, calls } = counted<TicketRegistry>(registry);
    const sweep = await sweepTickets(store);

    expect(await sweep.resolve('b'.repeat(32), T0)).toBeUndefined();
    expect(calls.resolve ?? 0).toBe(0);
    expect((await sweep.resolve('a'.repeat(32), T0))?.status).toBe('resolved');
    expect(await sweep.resolve('a'.repeat(32), T0)).toBeUndefined();

    await sweep.open(finding(OTHER, 'c'.repeat(32)), T0);
    expect((await sweep.resolve('c'.repeat(32), T0))?.status).toBe('resolved');
    expect((await registry.get('c'.repeat(32)))?.status).toBe('resolved');
  });

  it('answers intent marks as they stood when the sweep began', async () => {
    const marks = createIntentMarks(newTables());
    const write = { eventId: 'evt-1', fingerprint: 'f'.repeat(32), actionId: 'a' };
    await marks.mark(STORAGE, write, T0);
    const sweep = await sweepIntentMarks(marks);
    await marks.mark(OTHER, write, T0);
    expect((await sweep.list(STORAGE)).map((mark) => mark.eventId)).toEqual(['evt-1']);
    // Set after the start by a live handler: recovery would leave it alone anyway.
    expect(await sweep.list(OTHER)).toEqual([]);
    await sweep.unmark(STORAGE, write);
    expect(await marks.list(STORAGE)).toEqual([]);
  });
});
