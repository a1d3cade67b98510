import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { createLedger } from '../../src/store/ledger';
import type { LedgerEntryInput } from '../../src/store/ledger';
import { createTableStore } from '../../src/store/tables';
import { tablesForTest } from '../support/azurite';
import { startSplitProxy, tableHostOf, throughProxy } from '../support/split-proxy';

const newTables = tablesForTest('ledger');
const RESOURCE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/mldata';
const OTHER =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv1';

function steppingClock(start: string, stepMs: number): () => Date {
  let next = Date.parse(start);
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}

const decisionEntry = (resourceId: string, summary: string): LedgerEntryInput => ({
  kind: 'decision',
  outcome: 'succeeded',
  eventId: 'evt-1',
  invocationId: 'inv-1',
  correlationId: 'corr-1',
  ruleId: 'storage-min-tls-1-2',
  resourceId,
  verb: 'remediate',
  mode: 'auto',
  dryRun: false,
  reasons: [{ code: 'mode', text: 'mode auto is the default of storage-min-tls-1-2' }],
  principal: 'ward',
  summary,
});

describe('ledger', () => {
  it('reads an entry back by id with every field', async () => {
    const ledger = createLedger(newTables());
    const appended = await ledger.append({
      ...decisionEntry(RESOURCE, 'set TLS 1.2'),
      kind: 'action',
      actionId: 'storage-set-min-tls-1-2',
      before: { properties: { minimumTlsVersion: 'TLS1_0' } },
      after: { properties: { minimumTlsVersion: 'TLS1_2' } },
      error: undefined,
    });
    const read = await ledger.get(appended.id);
    expect(read).toEqual(appended);
    expect(await ledger.get(` ${appended.id.toLowerCase()} `)).toEqual(appended);
    expect(read?.kind).toBe('action');
    expect(read?.reasons).toEqual([
      { code: 'mode', text: 'mode auto is the default of storage-min-tls-1-2' },
    ]);
    expect(JSON.parse(read?.before ?? 'null')).toEqual({
      properties: { minimumTlsVersion: 'TLS1_0' },
    });
    expect(read?.beforeTruncated).toBe(false);
    expect(await ledger.get('01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBeUndefined();
    expect(await ledger.get('not-an-id')).toBeUndefined();
  });

  it('keeps append order in ids, recent-first and oldest-first listings, across months', async () => {
    // Entries straddle a month boundary, and several share one millisecond.
    const times = [
      '2026-10-31T23:59:59.998Z',
      '2026-10-31T23:59:59.999Z',
      '2026-10-31T23:59:59.999Z',
      '2026-11-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T08:00:00.000Z',
    ];
    let call = 0;
    const ledger = createLedger(newTables(), {
      clock: () => new Date(times[Math.min(call++, times.length - 1)]!),
    });
    const ids: string[] = [];
    for (const [index] of times.entries()) {
      ids.push((await ledger.append(decisionEntry(RESOURCE, `entry ${index}`))).id);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);

    const all = await ledger.listAll();
    expect(all.map((entry) => entry.id)).toEqual(ids);
    expect(all.map((entry) => entry.summary)).toEqual(times.map((_, index) => `entry ${index}`));

    const recent = await ledger.listRecent(3);
    expect(recent.map((entry) => entry.id)).toEqual([ids[5], ids[4], ids[3]]);
    for (const id of ids) expect((await ledger.get(id))?.id).toBe(id);
  });

  it('lists by resource, matching ARM ids case-insensitively, oldest first', async () => {
    const ledger = createLedger(newTables(), { clock: steppingClock('2026-11-23T10:00:00Z', 1) });
    const first = await ledger.append(decisionEntry(RESOURCE, 'first'));
    await ledger.append(decisionEntry(OTHER, 'other'));
    const second = await ledger.append(decisionEntry(RESOURCE.toUpperCase(), 'second'));
    await ledger.append({ kind: 'notification', outcome: 'succeeded', summary: 'no resource' });

    const entries = await ledger.listByResource(RESOURCE.toLowerCase());
    expect(entries.map((entry) => entry.id)).toEqual([first.id, second.id]);
    expect(await ledger.listByResource(`${RESOURCE}x`)).toEqual([]);
    expect(await ledger.listAll()).toHaveLength(4);
  });

  it('keeps large states whole across properties and flags what it had to cut', async () => {
    // The request body reaches Azurite in small pieces, as a busy network delivers it: a
    // multi-byte character split between two reads must still come back whole.
    const connectionString = inject('azuriteConnectionString');
    const proxy = await startSplitProxy(tableHostOf(connectionString));
    onTestFinished(() => proxy.close());
    const ledger = createLedger(
      createTableStore({
        connectionString: throughProxy(connectionString, proxy),
        prefix: `ledgersplit${randomBytes(4).toString('hex')}`,
      }),
    );
    // 100k characters: more than three Table properties, whole on read.
    const large = { properties: { blob: 'x'.repeat(100_000), emoji: '😀'.repeat(20_000) } };
    const kept = await ledger.append({
      kind: 'action',
      outcome: 'succeeded',
      resourceId: RESOURCE,
      before: large,
    });
    const read = await ledger.get(kept.id);
    expect(read?.beforeTruncated).toBe(false);
    expect(JSON.parse(read?.before ?? 'null')).toEqual(large);

    // Beyond what one entity may hold: stored cut, flagged, and the entity still fits.
    const huge = { properties: { blob: 'y'.repeat(400_000) } };
    const cut = await ledger.append({
      kind: 'action',
      outcome: 'failed',
      resourceId: RESOURCE,
      after: huge,
      error: 'e'.repeat(50_000),
    });
    const readCut = await ledger.get(cut.id);
    expect(readCut?.afterTruncated).toBe(true);
    expect(readCut?.after?.length).toBeLessThan(JSON.stringify(huge).length);
    expect(readCut?.error).toMatch(/…\[truncated 50000 chars\]$/);
  });

  it('refuses a bad limit with a coded error', async () => {
    const ledger = createLedger(newTables());
    await expect(ledger.listRecent(0)).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
  });

  it('never overwrites: an id that exists is a coded error', async () => {
    const ledger = createLedger(newTables(), { newId: () => '01JDX0000000000000000000AA' });
    await ledger.append(decisionEntry(RESOURCE, 'original'));
    await expect(ledger.append(decisionEntry(RESOURCE, 'imposter'))).rejects.toMatchObject({
      code: 'LEDGER_DUPLICATE_ID',
    });
    expect((await ledger.get('01JDX0000000000000000000AA'))?.summary).toBe('original');
  });
});
