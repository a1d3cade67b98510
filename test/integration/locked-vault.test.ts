import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients, type AzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { privateEndpoint } from '../../src/simulator/seed/bodies';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';
import { aliceCredential, startWardHarness, WARD_OID, type WardHarness } from './harness';
import { RG, SCOPE, SUB, TENANT, keyVault } from './estate';

const VAULT = keyVault(SCOPE, {
  name: 'kv-it-locked',
  purgeProtection: true,
  rbacAuthorization: true,
  publicNetworkAccess: 'Enabled',
  accessPolicyObjectId: WARD_OID,
});
const VNET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet-ward`;
const WARD_SUBNET = `${VNET}/subnets/snet-functions`;
const PE_SUBNET = `${VNET}/subnets/snet-private-endpoints`;
const SECRET = 'partner-api-token';
/** Only the vault's network and the secret's expiry matter here. */
const POLICY = {
  rules: {
    'keyvault-public-network-disabled': { mode: 'auto' as const },
    'diagnostic-settings-enabled': { mode: 'off' as const },
  },
};
const REFUSED = "the vault refuses ward's network; add ward's subnet or a private endpoint";

function seed(caller: NonNullable<Seed['callers']>[number], extra: SeedResource[] = []): Seed {
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'it' }],
    resources: [VAULT, ...extra],
    secrets: [{ vault: VAULT.name, name: SECRET, attributes: { enabled: true } }],
    callers: [caller],
  };
}

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function alice(harness: WardHarness, s: Seed): AzureClients {
  return createAzureClients({
    credential: aliceCredential(s),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  });
}

function vaultUri(harness: WardHarness): string {
  const uri = harness.sim.state.get(VAULT.id)?.properties?.vaultUri;
  if (typeof uri !== 'string') throw new Error('the vault has no vaultUri');
  return uri;
}

/**
 * Alice tags the vault (a write ward hears of) and ward locks it; then she writes a new
 * version of a secret without an expiry in it (a Key Vault event ward hears of).
 */
async function lockThenRotate(harness: WardHarness, s: Seed): Promise<void> {
  const clients = alice(harness, s);
  const arm = await clients.resources(SUB);
  await arm.resources.beginUpdateByIdAndWait(VAULT.id.slice(1), '2025-05-01', {
    tags: { team: 'data-science' },
  });
  await harness.sim.events.flush();
  await harness.deliver(harness.events());
  expect(harness.sim.state.get(VAULT.id)?.properties?.publicNetworkAccess).toBe('Disabled');

  harness.clearEvents();
  // Alice is not placed by the seed: the simulator does not check her network.
  const secrets = await clients.secrets(vaultUri(harness));
  await secrets.setSecret(SECRET, 'rotated');
  await harness.sim.events.flush();
  const secretEvents = harness
    .events()
    .filter((event) => event.eventType === 'Microsoft.KeyVault.SecretNewVersionCreated');
  expect(secretEvents).toHaveLength(1);
  await harness.deliver(secretEvents);
}

function currentExpiry(harness: WardHarness, s: Seed): Promise<Date | undefined> {
  // Read as Alice, who may reach the vault: ward's own data-plane reads would be refused.
  return alice(harness, s)
    .secrets(vaultUri(harness))
    .then((client) => client.getSecret(SECRET))
    .then((secret) => secret.properties.expiresOn);
}

describe('a vault ward locked down: its secrets are still judged, through ARM', () => {
  it('judges the next secret event through ARM and tickets the expiry the firewall refuses', async () => {
    const s = seed({ principalId: WARD_OID, sourceIp: '203.0.113.10' });
    h = await startWardHarness({ seed: s, policy: POLICY });
    await lockThenRotate(h, s);

    const ledger = await h.ward.ledger.listAll();
    const secretId = `${vaultUri(h).replace(/\/+$/, '')}/secrets/${SECRET}`;
    const about = ledger.filter((entry) => entry.resourceId === secretId);
    // Judged: a decision on the failing rule, not an unreadable secret.
    const decision = about.find(
      (entry) => entry.kind === 'decision' && entry.ruleId === 'keyvault-secret-expiry-set',
    );
    expect(decision).toBeDefined();
    expect(
      ledger.filter((entry) => entry.kind === 'alert' && entry.resourceId === secretId),
    ).toEqual([]);
    // The write was tried once, refused by the firewall, and handed to people with the reason.
    const action = about.find((entry) => entry.kind === 'action');
    expect(action).toMatchObject({ outcome: 'skipped', actionId: 'keyvault-secret-set-expiry' });
    expect(action?.summary).toContain('refused-by-network');
    const ticket = about.find((entry) => entry.kind === 'ticket');
    expect(ticket?.summary ?? JSON.stringify(ticket)).toContain(REFUSED);
    expect(await currentExpiry(h, s)).toBeUndefined();
  });

  it('sets the expiry when ward reaches the vault through a private endpoint in its network', async () => {
    const endpoint = privateEndpoint(SCOPE, {
      name: 'pe-kv-it-locked',
      subnetId: PE_SUBNET,
      targetId: VAULT.id,
      groupId: 'vault',
    });
    const s = seed({ principalId: WARD_OID, subnetId: WARD_SUBNET }, [endpoint]);
    h = await startWardHarness({ seed: s, policy: POLICY });
    await lockThenRotate(h, s);

    const ledger = await h.ward.ledger.listAll();
    const action = ledger.find(
      (entry) => entry.kind === 'action' && entry.actionId === 'keyvault-secret-set-expiry',
    );
    expect(action?.outcome).toBe('succeeded');
    expect(await currentExpiry(h, s)).toBeInstanceOf(Date);
  });
});
