import type { TableServiceClientOptions } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { createDedupe } from '../../src/store/dedupe';
import { createTableStore, TABLE_NAMES } from '../../src/store/tables';
import type { TableStore } from '../../src/store/tables';
import { tablesForTest } from '../support/azurite';
import { createCollision, writeTo } from '../support/collision';

const newTables = tablesForTest('dedupe');
/** New stores (new clients) on the tables with `prefix`, as other function instances would have. */
function sameTables(prefix: string, clientOptions: TableServiceClientOptions): () => TableStore {
  const connectionString = inject('azuriteConnectionString');
  return () => createTableStore({ connectionString, prefix, clientOptions });
}

const VM =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1';

describe('markEventSeen', () => {
  it('answers true once per event id, false afterwards', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.markEventSeen('f3b9c2a4-1111-4c1e-9d7a-000000000001')).toBe(true);
    expect(await dedupe.markEventSeen('f3b9c2a4-1111-4c1e-9d7a-000000000001')).toBe(false);
    // Ids with characters Table keys forbid are fine.
    expect(await dedupe.markEventSeen('sweep/2026-11-23T10:00Z#1?x')).toBe(true);
    expect(await dedupe.markEventSeen('sweep/2026-11-23T10:00Z#1?x')).toBe(false);
  });

  it('lets exactly one of ten concurrent callers through', async () => {
    const callers = Array.from({ length: 10 }, (_, index) => `caller${index}`);
    // Every caller's insert waits until all ten have sent theirs.
    const collision = createCollision(callers, writeTo(TABLE_NAMES.seenEvents, ['POST']));
    // Separate stores on the same tables, as separate function instances would have.
    const tables = sameTables(newTables().prefix, collision.clientOptions);
    const answers = await Promise.all(
      callers.map((name) =>
        collision.as(name, () => createDedupe(tables()).markEventSeen('evt-race')),
      ),
    );
    expect(collision.arrived().sort()).toEqual([...callers].sort());
    expect(answers.filter(Boolean)).toHaveLength(1);
    const statuses = collision.statuses();
    const through = callers[answers.indexOf(true)] ?? 'none';
    for (const name of callers) {
      expect(statuses[name], name).toEqual(name === through ? [204] : [409]);
    }
  });

  it('forgets one id on request, so a failed delivery is handled when it comes again', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.markEventSeen('evt-retry')).toBe(true);
    await dedupe.forgetEvent('evt-retry');
    expect(await dedupe.markEventSeen('evt-retry')).toBe(true);
    expect(await dedupe.markEventSeen('evt-retry')).toBe(false);
    // Forgetting an id never seen is not an error.
    await dedupe.forgetEvent('evt-never-seen');
  });

  it('forgets ids seen before a time, and only those', async () => {
    const dedupe = createDedupe(newTables());
    await dedupe.markEventSeen('old-1', new Date('2026-11-20T00:00:00Z'));
    await dedupe.markEventSeen('old-2', new Date('2026-11-21T00:00:00Z'));
    await dedupe.markEventSeen('new-1', new Date('2026-11-23T00:00:00Z'));
    expect(await dedupe.pruneSeenEvents(new Date('2026-11-22T00:00:00Z'))).toBe(2);
    expect(await dedupe.markEventSeen('old-1')).toBe(true);
    expect(await dedupe.markEventSeen('new-1')).toBe(false);
  });

  it('refuses an empty event id', async () => {
    const dedupe = createDedupe(newTables());
    await expect(dedupe.markEventSeen('')).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
  });
});

describe('evaluation watermark', () => {
  it('skips a resource evaluated after the event, case-insensitively', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.shouldEvaluate(VM, '2026-11-23T10:00:00Z')).toBe(true);
    await dedupe.recordEvaluated(VM, new Date('2026-11-23T10:00:05Z'));
    expect(await dedupe.shouldEvaluate(VM.toUpperCase(), '2026-11-23T10:00:04Z')).toBe(false);
    // Equal times are ambiguous: evaluate again.
    expect(await dedupe.shouldEvaluate(VM, '2026-11-23T10:00:05Z')).toBe(true);
    expect(await dedupe.shouldEvaluate(VM, '2026-11-23T10:00:06Z')).toBe(true);
  });

  it('never moves back', async () => {
    const dedupe = createDedupe(newTables());
    await dedupe.recordEvaluated(VM, '2026-11-23T10:00:10Z');
    await dedupe.recordEvaluated(VM, '2026-11-23T10:00:01Z');
    expect((await dedupe.lastEvaluated(VM))?.toISOString()).toBe('2026-11-23T10:00:10.000Z');
    await dedupe.recordEvaluated(VM, '2026-11-23T10:00:20Z');
    expect((await dedupe.lastEvaluated(VM))?.toISOString()).toBe('2026-11-23T10:00:20.000Z');
  });

  it('ends at the latest time when writers race', async () => {
    const times = Array.from({ length: 8 }, (_, index) =>
      new Date(Date.UTC(2026, 10, 23, 10, 0, index)).toISOString(),
    ).reverse();
    const writers = times.map((_, index) => `writer${index}`);
    // Every writer found no watermark and creates it; the inserts go out together.
    const collision = createCollision(writers, writeTo(TABLE_NAMES.watermarks, ['POST', 'PUT']));
    const tables = sameTables(newTables().prefix, collision.clientOptions);
    await Promise.all(
      times.map((time, index) =>
        collision.as(writers[index] ?? '', () => createDedupe(tables()).recordEvaluated(VM, time)),
      ),
    );
    expect(collision.arrived().sort()).toEqual([...writers].sort());
    const statuses = collision.statuses();
    const first = writers.map((name) => statuses[name]?.[0]);
    expect(first.filter((status) => status === 204)).toHaveLength(1);
    expect(first.filter((status) => status === 409)).toHaveLength(writers.length - 1);
    expect((await createDedupe(tables()).lastEvaluated(VM))?.toISOString()).toBe(
      '2026-11-23T10:00:07.000Z',
    );
  });

  it('refuses a time that is not one', async () => {
    const dedupe = createDedupe(newTables());
    await expect(dedupe.shouldEvaluate(VM, 'yesterday')).rejects.toMatchObject({
      code: 'STORE_INVALID_INPUT',
    });
  });
});
