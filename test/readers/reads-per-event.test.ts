import { describe, expect, it } from 'vitest';
import { SimulatorCredential } from '../../src/simulator';
import { parseEvents } from '../../src/events';
import { readSnapshot } from '../../src/readers';
import { idOf, useHarness, WARD_OID } from './simulator-harness';
import { simulatorVaults } from '../support/simulator';

const USER_OID = 'c0c0c0c0-0000-4000-8000-000000000003';

const h = useHarness();

/** Collects what Event Grid delivers while `act` runs. */
async function deliveredDuring(act: () => Promise<void>): Promise<unknown[]> {
  const received: unknown[] = [];
  const subscription = h.sim.events.subscribe((events) => {
    received.push(...events);
    return Promise.resolve();
  });
  try {
    await act();
    await h.sim.events.flush();
  } finally {
    subscription.unsubscribe();
  }
  return received;
}

describe('reads per event: the resource plus only the related reads its rules need', () => {
  it('turns a storage write by someone else into one signal and two reads (account + blob service settings)', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01');
    const user = h.clients({
      credential: new SimulatorCredential({ oid: USER_OID, tid: h.seed.tenantId }),
    });
    const sub = id.split('/')[2];
    const delivered = await deliveredDuring(async () => {
      const client = await user.resources(sub);
      await client.resources.beginUpdateByIdAndWait(id.slice(1), '2025-08-01', {
        properties: { minimumTlsVersion: 'TLS1_0' },
      });
    });
    const { signals, rejected } = parseEvents(delivered);
    expect(rejected).toEqual([]);
    const writes = signals.filter((s) => s.resourceId.toLowerCase() === id.toLowerCase());
    expect(writes.length).toBeGreaterThan(0);
    expect(writes[0]?.principal?.objectId).toBe(USER_OID);

    h.sim.counters.reset();
    const result = await readSnapshot(writes[0]?.resourceId ?? '', {
      clients: h.clients(),
      vaults: simulatorVaults(h.sim),
    });
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    const body =
      result.snapshot.subject.kind === 'arm' ? result.snapshot.subject.resource : undefined;
    expect(body?.properties?.minimumTlsVersion).toBe('TLS1_0');
    expect(h.sim.counters.snapshot().byPrincipal[WARD_OID]?.reads).toBe(2);
    expect(h.sim.counters.snapshot().byPrincipal[WARD_OID]?.writes ?? 0).toBe(0);
  });

  it('reads an ML compute named by an event once', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'cpu-cluster');
    const user = h.clients({
      credential: new SimulatorCredential({ oid: USER_OID, tid: h.seed.tenantId }),
    });
    const delivered = await deliveredDuring(async () => {
      const client = await user.resources(id.split('/')[2]);
      await client.resources.beginUpdateByIdAndWait(id.slice(1), '2025-12-01', {
        properties: { properties: { scaleSettings: { maxNodeCount: 2, minNodeCount: 0 } } },
      });
    });
    const { signals } = parseEvents(delivered);
    const signal = signals.find((s) => s.resourceId.toLowerCase() === id.toLowerCase());
    expect(signal?.operationName?.toLowerCase()).toBe(
      'microsoft.machinelearningservices/workspaces/computes/write',
    );

    h.sim.counters.reset();
    const result = await readSnapshot(signal?.resourceId ?? '', {
      clients: h.clients(),
      vaults: simulatorVaults(h.sim),
    });
    expect(result.kind).toBe('snapshot');
    expect(h.reads()).toBe(1);
  });

  it('follows a deletion to gone: one read, no error', async () => {
    const id = idOf(h.seed, 'Microsoft.Network/networkInterfaces', 'nic-build-agent');
    const user = h.clients({
      credential: new SimulatorCredential({ oid: USER_OID, tid: h.seed.tenantId }),
    });
    const delivered = await deliveredDuring(async () => {
      const client = await user.resources(id.split('/')[2]);
      await client.resources.beginDeleteByIdAndWait(id.slice(1), '2026-01-01');
    });
    const signal = parseEvents(delivered).signals.find(
      (s) => s.eventType === 'Microsoft.Resources.ResourceDeleteSuccess',
    );
    expect(signal?.resourceId.toLowerCase()).toBe(id.toLowerCase());

    h.sim.counters.reset();
    expect(
      await readSnapshot(signal?.resourceId ?? '', {
        clients: h.clients(),
        vaults: simulatorVaults(h.sim),
      }),
    ).toEqual({
      kind: 'gone',
      resourceId: signal?.resourceId,
    });
    expect(h.reads()).toBe(1);
  });

  it('reads the secret a Key Vault event names, from the vault URL in the event', async () => {
    const vaultId = idOf(h.seed, 'Microsoft.KeyVault/vaults', 'kv-ml-prod-secure');
    const vaultUri = h.sim.state.get(vaultId)?.properties?.vaultUri;
    if (typeof vaultUri !== 'string') throw new Error('vault has no vaultUri');
    const user = h.clients({
      credential: new SimulatorCredential({ oid: USER_OID, tid: h.seed.tenantId }),
    });
    const delivered = await deliveredDuring(async () => {
      const secrets = await user.secrets(vaultUri);
      await secrets.setSecret('event-driven-token', 'value', { contentType: 'text/plain' });
    });
    const signal = parseEvents(delivered).signals.find(
      (s) => s.secret?.name === 'event-driven-token',
    );
    expect(signal?.eventType).toBe('Microsoft.KeyVault.SecretNewVersionCreated');
    expect(signal?.secret?.vaultName).toBe('kv-ml-prod-secure');

    const result = await readSnapshot(signal?.resourceId ?? '', {
      clients: h.clients(),
      vaults: simulatorVaults(h.sim),
    });
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    expect(result.snapshot.subject.kind === 'secret' && result.snapshot.subject.secret.id).toBe(
      signal?.resourceId,
    );
    expect(
      result.snapshot.subject.kind === 'secret' && result.snapshot.subject.secret.attributes.exp,
    ).toBeUndefined();
  });
});
