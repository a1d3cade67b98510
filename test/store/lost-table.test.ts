import { describe, expect, inject, it } from 'vitest';
import { TableClient } from '@azure/data-tables';
import { createDedupe } from '../../src/store/dedupe';
import { createLedger } from '../../src/store/ledger';
import { TABLE_NAMES } from '../../src/store/tables';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('losttable');

/** Deletes a table behind the store's back, as storage losing it would. */
async function dropTable(prefix: string, name: string): Promise<void> {
  const client = TableClient.fromConnectionString(
    inject('azuriteConnectionString'),
    `${prefix}${name}`,
    { allowInsecureConnection: true },
  );
  await client.deleteTable();
}

describe('a table storage lost', () => {
  it('is created again on the next request, which then succeeds', async () => {
    const tables = newTables();
    const ledger = createLedger(tables);
    const first = await ledger.append({ kind: 'decision', outcome: 'skipped', summary: 'one' });
    expect(await ledger.get(first.id)).toMatchObject({ summary: 'one' });

    await dropTable(tables.prefix, TABLE_NAMES.ledger);
    await dropTable(tables.prefix, TABLE_NAMES.ledgerByResource);

    // The same process, the same cached clients: the write recreates the table.
    const second = await ledger.append({
      kind: 'decision',
      outcome: 'skipped',
      resourceId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a',
      summary: 'two',
    });
    expect(await ledger.get(second.id)).toMatchObject({ summary: 'two' });
    expect(await ledger.get(first.id)).toBeUndefined();
  });

  it('answers a read of a lost table as empty rather than failing every delivery', async () => {
    const tables = newTables();
    const dedupe = createDedupe(tables);
    expect(await dedupe.markEventSeen('evt-1')).toBe(true);
    await dropTable(tables.prefix, TABLE_NAMES.seenEvents);
    expect(await dedupe.markEventSeen('evt-1')).toBe(true);
    expect(await dedupe.markEventSeen('evt-1')).toBe(false);
  });
});
