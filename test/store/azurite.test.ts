import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/store/azurite';
import { StoreError } from '../../src/store/errors';
import { createTableStore } from '../../src/store/tables';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startAzurite', () => {
  it('serves tables on loopback and is gone after stop()', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(new Set([azurite.tableUrl, azurite.blobUrl, azurite.queueUrl]).size).toBe(3);
      const tables = createTableStore({ connectionString: azurite.connectionString, prefix: 'h' });
      const client = await tables.table('Probe');
      await client.createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });
      const read = await client.getEntity<{ value: string }>('p', 'r');
      expect(read.value).toBe('kept');
      expect(isRunning(azurite.pid)).toBe(true);
    } finally {
      await azurite.stop();
    }
    expect(isRunning(azurite.pid)).toBe(false);
    // stop() is safe to call twice.
    await azurite.stop();
  });

  it('refuses persistent mode without a directory, with a coded error', async () => {
    const failure = await startAzurite({ inMemory: false }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).code).toBe('AZURITE_START_FAILED');
  });
});

describe('createTableStore', () => {
  it('rejects table names Azure Tables would refuse', async () => {
    expect(() => createTableStore({ connectionString: 'x', prefix: '1bad' })).toThrow(/prefix/);
    const tables = createTableStore({
      connectionString: 'UseDevelopmentStorage=true',
      prefix: 'ok',
    });
    await expect(tables.table('has-dash')).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
  });
});
