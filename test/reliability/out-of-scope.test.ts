import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { keyVault, storageAccount } from '../../src/simulator/seed/bodies';
import type { Seed } from '../../src/simulator/seed/format';
import type { PolicyInput } from '../../src/config/policy';
import {
  aliceCredential,
  startWardHarness,
  ALICE_OID,
  type WardHarness,
} from '../integration/harness';
import { SCOPE, SUB, TENANT } from '../integration/estate';

/** A subscription the tenant has but ward was not told to watch. */
const OTHER = '44444444-4444-4444-8444-444444444444';
const OTHER_SCOPE = { ...SCOPE, subscriptionId: OTHER, resourceGroup: 'rg-other' };

const storage = storageAccount(OTHER_SCOPE, {
  name: 'stotherscope01',
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
  publicNetworkAccess: 'Disabled',
});
const vault = keyVault(OTHER_SCOPE, {
  name: 'kv-other-sub',
  purgeProtection: true,
  rbacAuthorization: true,
  publicNetworkAccess: 'Disabled',
  accessPolicyObjectId: '33333333-3333-4333-8333-333333333333',
});

const seed: Seed = {
  tenantId: TENANT,
  subscriptions: [
    { subscriptionId: SUB, displayName: 'watched' },
    { subscriptionId: OTHER, displayName: 'not watched' },
  ],
  resources: [storage, vault],
  secrets: [],
};

const QUIET = { 'diagnostic-settings-enabled': { mode: 'off' as const } };

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(policy: PolicyInput): Promise<WardHarness> {
  h = await startWardHarness({ seed, policy, ward: { subscriptions: [SUB] } });
  return h;
}

function alice(harness: WardHarness) {
  return createAzureClients({
    credential: aliceCredential(seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: OTHER,
  });
}

async function insecureStorage(harness: WardHarness): Promise<unknown[]> {
  const client = await alice(harness).resources(OTHER);
  await client.resources.beginUpdateByIdAndWait(storage.id.slice(1), '2025-08-01', {
    properties: { minimumTlsVersion: 'TLS1_0' },
  });
  await harness.sim.events.flush();
  return harness.events().filter((e) => JSON.stringify(e).includes(ALICE_OID));
}

async function secretWithoutExpiry(harness: WardHarness): Promise<unknown[]> {
  const vaultUri = String(harness.sim.state.get(vault.id)?.properties?.vaultUri);
  const secrets = await alice(harness).secrets(vaultUri);
  await secrets.setSecret('api-key', 'value-never-read');
  await harness.sim.events.flush();
  return harness
    .events()
    .filter((e) => (e as { eventType?: string }).eventType?.startsWith('Microsoft.KeyVault.'));
}

describe('signals outside the watched subscriptions', () => {
  it.each([
    ['a resource', insecureStorage],
    ['a secret', secretWithoutExpiry],
  ])(
    '%s is recorded and dropped: nothing read beyond the scope check, nothing changed',
    async (_what, change) => {
      const harness = await start({ rules: QUIET });
      const events = await change(harness);
      expect(events.length).toBeGreaterThan(0);
      await harness.deliver(events);
      expect(harness.wardWrites()).toBe(0);
      const entries = await harness.ward.ledger.listAll();
      expect(entries.filter((e) => e.kind !== 'decision')).toEqual([]);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        expect(entry).toMatchObject({ kind: 'decision', outcome: 'skipped', verb: 'none' });
        expect(entry.reasons?.map((r) => r.code)).toEqual(['out-of-scope']);
      }
    },
  );

  it('a resource goes to approval under the approve policy, never changed by ward alone', async () => {
    const harness = await start({ rules: QUIET, outOfScope: { action: 'approve' } });
    await harness.deliver(await insecureStorage(harness));
    expect(harness.wardWrites()).toBe(0);
    const decisions = (await harness.ward.ledger.listAll()).filter(
      (e) => e.kind === 'decision' && e.ruleId === 'storage-min-tls-1-2',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ verb: 'request-approval', mode: 'approve' });
    expect(decisions[0]?.reasons?.map((r) => r.code)).toContain('out-of-scope');
  });

  it('a secret ward cannot place is recorded and dropped under the approve policy too', async () => {
    const harness = await start({ rules: QUIET, outOfScope: { action: 'approve' } });
    await harness.deliver(await secretWithoutExpiry(harness));
    expect(harness.wardWrites()).toBe(0);
    const entries = await harness.ward.ledger.listAll();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.reasons?.map((r) => r.code)).toEqual(['out-of-scope']);
    }
  });
});
