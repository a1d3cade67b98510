import { afterEach, describe, expect, inject, it } from 'vitest';
import type { PolicyInput } from '../../src/config/policy';
import type { DiagnosticSetting } from '../../src/domain';
import { diagnosticSetting } from '../../src/simulator/seed/bodies';
import { resourceEvent } from '../../src/simulator';
import { createRelatedCache } from '../../src/store/related-cache';
import type { RelatedCache } from '../../src/store/related-cache';
import { createTableStore } from '../../src/store/tables';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import type { Seed } from '../../src/simulator/seed/format';
import { resourceNotification } from '../../src/simulator';
import type { EventGridEvent } from '../../src/simulator';
import {
  ALICE_OID,
  aliceCredential,
  startWardHarness,
  WARD_OID,
  type WardHarness,
} from './harness';
import { STORAGE, SUB, smallSeed, storageAccount, SCOPE } from './estate';

const STORAGE_API = '2025-08-01';
const ARN = 'Microsoft.ResourceNotifications.Resources.';

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Diagnostic settings are judged too (their read is counted), but nothing is done about them. */
const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };

/** A ward whose resource changes arrive through Azure Resource Notifications only. */
async function arnHarness(seed: Seed = smallSeed()): Promise<WardHarness> {
  h = await startWardHarness({
    seed,
    policy: QUIET,
    sim: { events: { resourceNotifications: true } },
  });
  return h;
}

async function aliceUpdates(
  harness: WardHarness,
  seed: Seed,
  id: string,
  properties: Record<string, unknown>,
): Promise<void> {
  const clients = createAzureClients({
    credential: aliceCredential(seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  });
  const client = await clients.resources(SUB);
  await client.resources.beginUpdateByIdAndWait(id.slice(1), STORAGE_API, { properties });
  await harness.sim.events.flush();
}

function arnEvents(harness: WardHarness): EventGridEvent[] {
  return harness.events().filter((event) => event.eventType.startsWith(ARN));
}

function wardReads(harness: WardHarness): number {
  return harness.sim.counters.snapshot().byPrincipal[WARD_OID]?.reads ?? 0;
}

describe('Azure Resource Notifications: judged from the payload', () => {
  it('publishes the payload at the ARN api-version with booleans as 1/0', async () => {
    const seed = smallSeed();
    const harness = await arnHarness(seed);
    await aliceUpdates(harness, seed, STORAGE.id, { minimumTlsVersion: 'TLS1_2' });
    const [event] = arnEvents(harness);
    const data = event?.data as {
      apiVersion: string;
      resourceInfo: { properties: Record<string, unknown> };
    };
    expect(event?.eventType).toBe(`${ARN}CreatedOrUpdated`);
    expect(data.apiVersion).toBe('2019-06-01');
    expect(data.resourceInfo.properties.allowSharedKeyAccess).toBe(0);
    // Newer than 2019-06-01: not in the payload.
    expect(data.resourceInfo.properties.publicNetworkAccess).toBeUndefined();
  });

  it('judges a compliant change without reading the account: only its blob service settings', async () => {
    const seed = smallSeed();
    const harness = await arnHarness(seed);
    await aliceUpdates(harness, seed, STORAGE.id, { minimumTlsVersion: 'TLS1_2' });
    harness.sim.counters.reset();
    await harness.deliver(arnEvents(harness));
    // The subscription topic's event costs 2 reads (account + blob service settings).
    expect(wardReads(harness)).toBe(1);
    expect(harness.wardWrites()).toBe(0);
    expect(harness.ward.counters().fromPayload).toBe(1);
  });

  it('reads before fixing: a failing rule with a fix is planned from a read and written after the re-read', async () => {
    const seed = smallSeed();
    const harness = await arnHarness(seed);
    await aliceUpdates(harness, seed, STORAGE.id, { minimumTlsVersion: 'TLS1_1' });
    const events = arnEvents(harness);
    harness.clearEvents();
    harness.sim.counters.reset();
    await harness.deliver(events);
    expect(harness.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
    expect(harness.ward.counters().fromPayload).toBe(0);
    expect(wardReads(harness)).toBeGreaterThanOrEqual(3);
  });

  it('decides a failing rule without a fix from the payload (ticket), with no body read', async () => {
    const open = storageAccount(SCOPE, {
      name: 'stitsharedkey01',
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Disabled',
    });
    const seed = smallSeed({ resources: [open] });
    const harness = await arnHarness(seed);
    await aliceUpdates(harness, seed, open.id, { allowSharedKeyAccess: true });
    const events = arnEvents(harness);
    harness.sim.counters.reset();
    await harness.deliver(events);
    expect(harness.ward.counters().ticketsOpened).toBe(1);
    expect(harness.ward.counters().fromPayload).toBe(1);
    expect(wardReads(harness)).toBe(1);
  });

  it('reads the resource when the payload api-version predates a property a failing rule reads', async () => {
    const seed = smallSeed();
    const harness = await arnHarness(seed);
    const body = structuredClone(harness.sim.state.get(STORAGE.id));
    if (!body) throw new Error('seeded storage account missing');
    body.properties = { ...body.properties, minimumTlsVersion: 'TLS1_2' };
    harness.sim.state.put(structuredClone(body));
    const payload = structuredClone(body);
    delete payload.properties?.allowSharedKeyAccess;
    const event = resourceNotification({
      id: 'c7f5a1f2-0000-4000-8000-00000000a001',
      kind: 'created-or-updated',
      body: payload,
      eventTime: new Date(),
    });
    (event.data as { apiVersion: string }).apiVersion = '2018-11-01';
    harness.sim.counters.reset();
    await harness.deliver([event]);
    expect(harness.ward.counters().fromPayload).toBe(0);
    // The blob service settings beside the payload, then the account and its settings as for
    // any read: a payload that must be read again costs its related read twice.
    expect(wardReads(harness)).toBe(3);
    // The read shows the key access disabled: no ticket.
    expect(harness.ward.counters().ticketsOpened).toBe(0);
  });

  it('drops a payload older than the watermark as coalesced, and a repeated delivery as duplicate', async () => {
    const seed = smallSeed();
    const harness = await arnHarness(seed);
    const body = structuredClone(harness.sim.state.get(STORAGE.id));
    if (!body) throw new Error('seeded storage account missing');
    body.properties = { ...body.properties, minimumTlsVersion: 'TLS1_2' };
    const at = (ms: number, id: string): EventGridEvent =>
      resourceNotification({ id, kind: 'created-or-updated', body, eventTime: new Date(ms) });
    const newer = at(Date.parse('2026-01-01T10:00:05Z'), 'c7f5a1f2-0000-4000-8000-00000000b002');
    const older = at(Date.parse('2026-01-01T10:00:01Z'), 'c7f5a1f2-0000-4000-8000-00000000b001');
    await harness.deliver([newer, older, newer]);
    const counters = harness.ward.counters();
    expect(counters.evaluated).toBe(1);
    expect(counters.coalesced).toBe(1);
    expect(counters.duplicates).toBe(1);
    expect(
      harness.logs.some((line) => line.decision === 'coalesced' && line.eventTime !== undefined),
    ).toBe(true);
  });

  it('closes a deleted resource’s pending approval and open ticket', async () => {
    const open = storageAccount(SCOPE, {
      name: 'stitdeleted01',
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: true,
      allowSharedKeyAccess: true,
      publicNetworkAccess: 'Disabled',
    });
    const seed = smallSeed({ resources: [open] });
    const harness = await arnHarness(seed);
    const body = structuredClone(harness.sim.state.get(open.id));
    if (!body) throw new Error('seeded storage account missing');
    await harness.deliver([
      resourceNotification({
        id: 'c7f5a1f2-0000-4000-8000-00000000c001',
        kind: 'created-or-updated',
        body,
        eventTime: new Date(),
      }),
    ]);
    expect(harness.ward.counters().approvalsRequested).toBe(1);
    expect(harness.ward.counters().ticketsOpened).toBe(1);
    harness.sim.state.delete(open.id);
    await harness.deliver([
      resourceNotification({
        id: 'c7f5a1f2-0000-4000-8000-00000000c002',
        kind: 'deleted',
        body,
        // After the read the failing rules' plans were made from.
        eventTime: new Date(Date.now() + 60_000),
      }),
    ]);
    const entries = await harness.ward.ledger.listAll();
    const summaries = entries.map((entry) => entry.summary ?? '');
    expect(summaries.some((s) => /^Approval \S+ closed: the resource was deleted$/.test(s))).toBe(
      true,
    );
    expect(summaries.some((s) => /^Ticket \S+ resolved: the resource was deleted$/.test(s))).toBe(
      true,
    );
    const approvalId =
      summaries.map((s) => /^Approval (\S+) closed/.exec(s)?.[1]).find(Boolean) ?? '';
    expect((await harness.ward.approvals.get(approvalId))?.status).toBe('superseded');
  });
});

describe('Azure Resource Notifications: diagnostic settings from the related-data cache', () => {
  const LAW = `/subscriptions/${SUB}/resourceGroups/rg-it/providers/Microsoft.OperationalInsights/workspaces/law-it`;
  const BLOB = 'serviceDiagnosticSettings.blobServices';
  const account = storageAccount(SCOPE, {
    name: 'stitcached01',
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Disabled',
  });
  const toWorkspace: DiagnosticSetting = {
    name: 'to-law',
    properties: { workspaceId: LAW, logs: [{ categoryGroup: 'allLogs', enabled: true }] },
  };

  /** A ward on its own table prefix, and the cache on those tables as a test can see it. */
  async function cachedHarness(
    seed: Seed,
    policy: PolicyInput,
  ): Promise<{ harness: WardHarness; cache: RelatedCache }> {
    const prefix = `rc${process.pid.toString(36)}${Date.now().toString(36)}`;
    h = await startWardHarness({
      seed,
      policy,
      sim: { events: { resourceNotifications: true } },
      ward: { tablePrefix: prefix },
    });
    const tables = createTableStore({
      connectionString: inject('azuriteConnectionString'),
      prefix,
    });
    return { harness: h, cache: createRelatedCache(tables, { ttlMs: 3_600_000 }) };
  }

  function changed(harness: WardHarness, id: string, at: number, eventId: string) {
    const body = harness.sim.state.get(id);
    if (!body) throw new Error(`${id} missing`);
    return resourceNotification({
      id: eventId,
      kind: 'created-or-updated',
      body,
      eventTime: new Date(at),
    });
  }

  it('reads the settings once, then judges the next change of the resource with no ARM read', async () => {
    const seed = smallSeed({ resources: [account] });
    const { harness, cache } = await cachedHarness(seed, QUIET);
    harness.sim.counters.reset();
    await harness.deliver([
      changed(harness, account.id, Date.now(), 'c7f5a1f2-0000-4000-8000-00000000d001'),
    ]);
    expect(wardReads(harness)).toBe(1);
    expect(await cache.get(account.id, BLOB, new Date())).toEqual([]);
    await harness.deliver([
      changed(harness, account.id, Date.now() + 1_000, 'c7f5a1f2-0000-4000-8000-00000000d002'),
    ]);
    expect(wardReads(harness)).toBe(1);
    expect(harness.ward.counters().fromPayload).toBe(2);
  });

  it('reads again when the entry is older than the TTL', async () => {
    const seed = smallSeed({ resources: [account] });
    const { harness, cache } = await cachedHarness(seed, {
      ...QUIET,
      relatedCache: { ttlMinutes: 30 },
    });
    await cache.put(account.id, BLOB, [toWorkspace], new Date(Date.now() - 31 * 60_000));
    harness.sim.counters.reset();
    await harness.deliver([
      changed(harness, account.id, Date.now(), 'c7f5a1f2-0000-4000-8000-00000000d101'),
    ]);
    expect(wardReads(harness)).toBe(1);
    // The read replaced the expired entry with what ARM holds: no setting.
    expect(await cache.get(account.id, BLOB, new Date())).toEqual([]);
  });

  it('a stale entry delays a finding; the diagnostic-settings event of the subscription topic replaces it', async () => {
    const seed = smallSeed({ resources: [account] });
    const { harness, cache } = await cachedHarness(seed, {
      rules: { 'diagnostic-settings-enabled': { mode: 'ticket' } },
    });
    // Cached: a setting that has since been deleted (its event was not delivered yet).
    await cache.put(account.id, BLOB, [toWorkspace], new Date());
    harness.sim.counters.reset();
    await harness.deliver([
      changed(harness, account.id, Date.now(), 'c7f5a1f2-0000-4000-8000-00000000d201'),
    ]);
    expect(wardReads(harness)).toBe(0);
    expect(harness.ward.counters().ticketsOpened).toBe(0);
    // The subscription topic's event for the deleted setting: its parent is read afresh.
    const settingId = `${account.id}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/to-law`;
    await harness.deliver([
      resourceEvent({
        kind: 'delete',
        id: 'c7f5a1f2-0000-4000-8000-00000000d202',
        resourceId: settingId,
        operationName: 'Microsoft.Insights/diagnosticSettings/delete',
        principal: { id: ALICE_OID, oid: ALICE_OID, tid: seed.tenantId, name: 'alice', claims: {} },
        tenantId: seed.tenantId,
        correlationId: 'c7f5a1f2-0000-4000-8000-00000000d203',
        eventTime: new Date(Date.now() + 1_000),
      }),
    ]);
    expect(await cache.get(account.id, BLOB, new Date())).toEqual([]);
    expect(harness.ward.counters().ticketsOpened).toBe(1);
  });

  it('never writes on the strength of a stale entry: the fix re-reads and finds the setting there', async () => {
    const setting = diagnosticSetting(`${account.id}/blobServices/default`, 'to-law', LAW, [
      { categoryGroup: 'allLogs' },
    ]);
    const seed = smallSeed({ resources: [account, setting] });
    const { harness, cache } = await cachedHarness(seed, {
      rules: { 'diagnostic-settings-enabled': { mode: 'auto' } },
      diagnostics: { workspaceId: LAW },
    });
    // Cached: no setting (the setting was created after ward's last read).
    await cache.put(account.id, BLOB, [], new Date());
    harness.sim.counters.reset();
    await harness.deliver([
      changed(harness, account.id, Date.now(), 'c7f5a1f2-0000-4000-8000-00000000d301'),
    ]);
    expect(harness.ward.counters().fromPayload).toBe(1);
    // Judged from the cache (no read), the planned fix re-read the account and its blob
    // service settings, saw the setting, and wrote nothing.
    expect(wardReads(harness)).toBe(2);
    expect(harness.wardWrites()).toBe(0);
  });
});
