import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { RULE_IDS } from '../../src/domain';
import { readSnapshot } from '../../src/readers';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential } from '../../src/simulator';
import { providerId } from '../../src/simulator/seed/ids';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { LedgerEntry } from '../../src/store';
import { startWardHarness, type WardHarness } from './harness';
import { simulatorVaults } from '../support/simulator';

const N = INSECURE_ESTATE;
const seed = insecureEstate({ now: new Date() });
const shared = (provider: string, type: string, name: string): string =>
  providerId(N.subscriptions.prod, N.resourceGroups.shared, provider, type, name);
const registry = createRegistry();

/** Rules whose fix is a containment: the resource is stopped, the rule keeps failing. */
const CONTAINED = ['ml-compute-no-public-ip'];

let h: WardHarness;
let entries: LedgerEntry[];

const tick = (id: string) => ({
  invocationId: id,
  functionName: 'sweep',
  firedAt: new Date().toISOString(),
  isPastDue: false,
});

beforeAll(async () => {
  h = await startWardHarness({
    seed,
    policy: {
      // Every rule in auto, with the configuration the actions need: the widest test of the path.
      rules: Object.fromEntries(RULE_IDS.map((id) => [id, { mode: 'auto' }])),
      diagnostics: {
        workspaceId: shared('Microsoft.OperationalInsights', 'workspaces', N.logAnalytics),
      },
      privateEndpoints: {
        subnetId: `${shared('Microsoft.Network', 'virtualNetworks', N.vnet)}/subnets/${N.privateEndpointSubnet}`,
      },
      guardrails: { budget: { maxChanges: 100, maxChangesPerSubscription: 100 } },
    },
  });
  // The second sweep finishes what the first made possible (public access off once a private
  // endpoint exists).
  await h.ward.sweep(tick('sweep-1'));
  await h.ward.sweep(tick('sweep-2'));
  entries = await h.ward.ledger.listAll();
});
afterAll(async () => {
  await h.stop();
});

describe('every rule in auto on the bundled estate, two sweeps', () => {
  it('applies every action that can change its resource in place, and none fails', () => {
    const actions = entries.filter((e) => e.kind === 'action');
    expect(actions.filter((e) => e.outcome === 'failed')).toEqual([]);
    const applied = [
      ...new Set(actions.filter((e) => e.outcome === 'succeeded').map((e) => e.actionId)),
    ].sort();
    expect(applied).toEqual(
      [
        'cognitive-disable-local-auth',
        'cognitive-disable-public-network',
        'diagnostic-settings-create',
        'keyvault-disable-public-network',
        'keyvault-enable-purge-protection',
        'keyvault-secret-set-expiry',
        'ml-compute-set-idle-shutdown',
        'ml-compute-stop-or-scale-to-zero',
        'ml-workspace-create-private-endpoint',
        'ml-workspace-disable-public-network',
        'network-nic-dissociate-public-ip',
        'storage-disable-blob-public-access',
        'storage-set-min-tls-1-2',
      ].sort(),
    );
  });

  it('leaves each fixed resource passing its rule on a fresh read, and tickets each containment', async () => {
    const reader = createAzureClients({
      credential: new SimulatorCredential({ oid: 'c0c0c0c0-0000-4000-8000-0000000000cc' }),
      armEndpoint: h.sim.armUrl,
      ca: h.sim.ca,
      throttle: new ThrottleBuckets(),
    });
    const fixed = entries.filter((e) => e.kind === 'action' && e.outcome === 'succeeded');
    for (const entry of fixed) {
      const ruleId = entry.ruleId ?? 'storage-min-tls-1-2';
      const read = await readSnapshot(entry.resourceId ?? '', {
        clients: reader,
        vaults: simulatorVaults(h.sim),
      });
      if (read.kind !== 'snapshot') throw new Error(`${entry.resourceId ?? ''} is gone`);
      const status = registry.get(ruleId).evaluate(read.snapshot, {
        now: new Date(),
        settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
      }).status;
      expect({ resource: entry.resourceId, ruleId, status }).toEqual({
        resource: entry.resourceId,
        ruleId,
        status: CONTAINED.includes(ruleId) ? 'fail' : 'pass',
      });
    }
    const contained = fixed.filter((e) => CONTAINED.includes(e.ruleId ?? ''));
    expect(contained.length).toBeGreaterThan(0);
    const open = await h.ward.tickets.listOpen();
    for (const entry of contained) {
      expect(open.some((t) => t.fingerprint === entry.fingerprint)).toBe(true);
    }
  });

  it('raises no alert but the secrets that people must rotate', () => {
    const alerts = entries.filter((e) => e.kind === 'alert');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((e) => e.ruleId === 'keyvault-secret-near-expiry')).toBe(true);
  });

  it('undoes the private endpoint it created: the endpoint goes, its connection with it', async () => {
    const created = entries.find(
      (e) =>
        e.kind === 'action' &&
        e.outcome === 'succeeded' &&
        e.actionId === 'ml-workspace-create-private-endpoint',
    );
    if (!created?.resourceId) throw new Error('ward created no private endpoint');
    const endpoints = () =>
      h.sim.state
        .list({ type: 'Microsoft.Network/privateEndpoints' })
        .map((pe) => pe.id.toLowerCase());
    const before = endpoints();
    const report = await h.ward.undo(created.id, 'olivia@contoso.example');
    expect(report.actionId).toBe('ml-workspace-create-private-endpoint');
    const [change] = report.restored;
    const removed = (change?.before as string[]).filter(
      (id) => !(change?.after as string[]).includes(id),
    );
    expect(removed).toHaveLength(1);
    expect(before).toContain(removed[0]);
    expect(endpoints()).not.toContain(removed[0]);
    const connections = h.sim.state.get(created.resourceId)?.properties?.privateEndpointConnections;
    expect(JSON.stringify(connections ?? []).toLowerCase()).not.toContain(removed[0]);
  });
});
