import { describe, expect, it } from 'vitest';
import { createIntentMarks } from '../../src/store/intent-marks';
import { resourceKey } from '../../src/store/keys';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('marks');
const STORAGE =
  '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/mldata';
const VAULT =
  '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';
const T0 = new Date('2026-12-01T10:00:00Z');
const write = (eventId: string) => ({
  eventId,
  fingerprint: 'f'.repeat(32),
  actionId: 'storage-set-min-tls-1-2',
});

describe('intent marks', () => {
  it('lists the marks of one resource (ids in any case), oldest first, until each is removed', async () => {
    const marks = createIntentMarks(newTables());
    expect(await marks.list(STORAGE)).toEqual([]);
    await marks.mark(STORAGE, write('evt-2'), new Date(T0.getTime() + 1_000));
    await marks.mark(STORAGE.toUpperCase(), write('evt-1'), T0);
    await marks.mark(VAULT, write('evt-3'), T0);
    expect((await marks.list(STORAGE)).map((mark) => mark.eventId)).toEqual(['evt-1', 'evt-2']);

    await marks.unmark(STORAGE, write('evt-1'));
    // Removing what is gone already is not an error: a retried cleanup meets it.
    await marks.unmark(STORAGE, write('evt-1'));
    expect((await marks.list(STORAGE)).map((mark) => mark.eventId)).toEqual(['evt-2']);
  });

  it('marks the same write once, whatever the redeliveries, and lists every resource at once', async () => {
    const marks = createIntentMarks(newTables());
    await marks.mark(STORAGE, write('evt-1'), T0);
    await marks.mark(STORAGE, write('evt-1'), new Date(T0.getTime() + 5_000));
    await marks.mark(
      VAULT,
      { ...write('evt-1'), actionId: 'keyvault-enable-purge-protection' },
      T0,
    );
    const all = await marks.listAll();
    expect(all.get(resourceKey(STORAGE))).toEqual([
      { ...write('evt-1'), markedAt: new Date(T0.getTime() + 5_000).toISOString() },
    ]);
    expect(all.get(resourceKey(VAULT))?.map((mark) => mark.actionId)).toEqual([
      'keyvault-enable-purge-protection',
    ]);
  });
});
