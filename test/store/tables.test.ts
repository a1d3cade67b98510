import { describe, expect, inject, it } from 'vitest';
import { SimulatorCredential } from '../../src/simulator/credential';
import { createSimulatorTls } from '../../src/simulator/tls';
import { startAzurite } from '../../src/store/azurite';
import { createTableStore } from '../../src/store/tables';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('tables');

describe('createTableStore', () => {
  it('creates a table on first use, once, and tolerates a racing creator', async () => {
    const tables = newTables();
    const [first, second] = await Promise.all([tables.table('Things'), tables.table('Things')]);
    expect(first).toBe(second);
    // A second store over the same account finds the table already there.
    const again = createTableStore({
      connectionString: inject('azuriteConnectionString'),
      prefix: tables.prefix,
    });
    await first.createEntity({ partitionKey: 'p', rowKey: 'r', v: 'one' });
    const other = await again.table('Things');
    expect((await other.getEntity<{ v: string }>('p', 'r')).v).toBe('one');
    expect(other.tableName).toBe(`${tables.prefix}Things`);
  });

  it('keeps prefixed stores apart', async () => {
    const a = newTables();
    const b = newTables();
    await (await a.table('Shared')).createEntity({ partitionKey: 'p', rowKey: 'r' });
    const rows: unknown[] = [];
    for await (const row of (await b.table('Shared')).listEntities()) rows.push(row);
    expect(rows).toEqual([]);
  });

  it('rejects names Azure Tables would refuse, with a coded error', async () => {
    expect(() => createTableStore({ connectionString: 'x', prefix: '1bad' })).toThrow(/prefix/);
    const tables = newTables();
    await expect(tables.table('has-dash')).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
  });

  it('authenticates with a token credential over HTTPS, without keys', async () => {
    const tls = await createSimulatorTls();
    const azurite = await startAzurite({ tls, oauth: true });
    try {
      expect(azurite.tableUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      const tables = createTableStore({
        endpoint: azurite.tableUrl,
        credential: new SimulatorCredential({ name: 'ward' }),
        prefix: 'mi',
        clientOptions: { tlsOptions: { ca: tls.ca } },
      });
      const client = await tables.table('Identity');
      await client.createEntity({ partitionKey: 'p', rowKey: 'r', by: 'token' });
      expect((await client.getEntity<{ by: string }>('p', 'r')).by).toBe('token');

      // Azurite checks the token's claims: an expired one is refused by the service.
      const expired = createTableStore({
        endpoint: azurite.tableUrl,
        credential: new SimulatorCredential({ now: () => Date.now() - 3 * 3600_000 }),
        prefix: 'expired',
        clientOptions: { tlsOptions: { ca: tls.ca }, retryOptions: { maxRetries: 0 } },
      });
      const refusal = await expired.table('Identity').catch((error: unknown) => error);
      expect(refusal).toMatchObject({ statusCode: 403 });
    } finally {
      await azurite.stop();
    }
  });
});
