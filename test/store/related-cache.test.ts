import { describe, expect, it } from 'vitest';
import type { DiagnosticSetting } from '../../src/domain';
import { createRelatedCache } from '../../src/store/related-cache';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('relcache');
const ACCOUNT =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1';
const BLOB = 'serviceDiagnosticSettings.blobServices';
const LAW =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law';
const SETTING: DiagnosticSetting = {
  name: 'to-law',
  properties: { workspaceId: LAW, logs: [{ categoryGroup: 'allLogs', enabled: true }] },
};
const T0 = new Date('2026-12-01T10:00:00Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);

describe('related-data cache', () => {
  it('answers within the TTL, case-insensitively by resource id, and misses after it', async () => {
    const cache = createRelatedCache(newTables(), { ttlMs: 60 * 60_000 });
    expect(await cache.get(ACCOUNT, BLOB, T0)).toBeUndefined();
    await cache.put(ACCOUNT, BLOB, [SETTING], T0);
    expect(await cache.get(ACCOUNT.toUpperCase(), BLOB, minutes(59))).toEqual([SETTING]);
    expect(await cache.get(ACCOUNT, BLOB, minutes(61))).toBeUndefined();
    expect(await cache.get(ACCOUNT, 'diagnosticSettings', minutes(1))).toBeUndefined();
  });

  it('keeps the later read when an earlier one finishes last', async () => {
    const cache = createRelatedCache(newTables(), { ttlMs: 60 * 60_000 });
    await cache.put(ACCOUNT, BLOB, [], minutes(5));
    await cache.put(ACCOUNT, BLOB, [SETTING], minutes(1));
    expect(await cache.get(ACCOUNT, BLOB, minutes(6))).toEqual([]);
    await cache.put(ACCOUNT, BLOB, [SETTING], minutes(7));
    expect(await cache.get(ACCOUNT, BLOB, minutes(8))).toEqual([SETTING]);
  });

  it('forgets every part of a resource', async () => {
    const cache = createRelatedCache(newTables(), { ttlMs: 60 * 60_000 });
    await cache.put(ACCOUNT, BLOB, [SETTING], T0);
    await cache.put(ACCOUNT, 'diagnosticSettings', [], T0);
    await cache.forget(ACCOUNT);
    expect(await cache.get(ACCOUNT, BLOB, T0)).toBeUndefined();
    expect(await cache.get(ACCOUNT, 'diagnosticSettings', T0)).toBeUndefined();
  });
});
