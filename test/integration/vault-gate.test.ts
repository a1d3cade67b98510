import { afterEach, describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors';
import { createVaultDirectory } from '../../src/app/vault-directory';
import { knownVaultClients } from '../../src/app/vault-gate';
import { keyVault, SCOPE, SUB, smallSeed } from './estate';
import { startWardHarness, WARD_OID, type WardHarness } from './harness';
import { simulatorClients, startSimulatorHarness } from '../support/simulator';
import { startTokenListener, type TokenListener } from '../support/token-listener';

const VAULT = keyVault(SCOPE, {
  name: 'kv-gate',
  purgeProtection: true,
  rbacAuthorization: true,
  publicNetworkAccess: 'Disabled',
  accessPolicyObjectId: WARD_OID,
});

/** A Key Vault event whose `data.Id` names `host` (anyone who can publish to ward can write one). */
function secretEvent(host: string): unknown {
  return {
    id: 'evt-foreign-vault',
    topic: `/subscriptions/${SUB}/resourceGroups/${SCOPE.resourceGroup}/providers/Microsoft.KeyVault/vaults/kv-gate`,
    subject: 'app-key',
    eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
    eventTime: new Date().toISOString(),
    data: {
      Id: `${host}/secrets/app-key/0123456789abcdef0123456789abcdef`,
      VaultName: 'kv-gate',
      ObjectType: 'Secret',
      ObjectName: 'app-key',
      Version: '0123456789abcdef0123456789abcdef',
    },
    dataVersion: '1',
    metadataVersion: '1',
  };
}

let h: WardHarness | undefined;
let listener: TokenListener | undefined;
afterEach(async () => {
  await h?.stop();
  await listener?.close();
  h = undefined;
  listener = undefined;
});

describe('secret events name hosts: ward talks only to vaults it knows from ARM', () => {
  it('drops a secret event for a host no watched subscription holds, with a log line and nothing else', async () => {
    listener = await startTokenListener();
    h = await startWardHarness({ seed: smallSeed({ resources: [VAULT] }) });
    await h.deliver([secretEvent(listener.url)]);

    expect(listener.connections()).toBe(0);
    expect(listener.authorizations()).toEqual([]);
    const dropped = h.logs.find((line) => line.decision === 'unknown-vault');
    expect(dropped?.msg).toMatch(/no watched subscription holds .*dropped/);
    expect(dropped?.vaultUrl).toBe(listener.url);
    // Dropped, not failed: no error for Event Grid to retry; one out-of-scope record, as for
    // any signal outside the watched subscriptions.
    expect(h.logs.filter((line) => line.level >= 50)).toEqual([]);
    const entries = await h.ward.ledger.listAll();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'decision', outcome: 'skipped', verb: 'none' });
    expect(entries[0]?.reasons?.map((r) => r.code)).toEqual(['out-of-scope']);
    expect(h.wardWrites()).toBe(0);
  });

  it('hands out a data-plane client only for a vault ARM knows: a plan naming another host sends it nothing', async () => {
    listener = await startTokenListener();
    const seed = smallSeed({ resources: [VAULT] });
    const harness = await startSimulatorHarness(seed);
    try {
      // A client that trusts the listener, as ward trusts any public CA in Azure.
      const raw = simulatorClients(
        harness.sim,
        seed,
        { oid: WARD_OID, name: 'ward' },
        { ca: `${harness.sim.ca}\n${listener.ca}`, subscriptionId: SUB },
      );
      const directory = createVaultDirectory(raw, [SUB]);
      const guarded = knownVaultClients(raw, directory);

      const refused = await guarded.secrets(listener.url).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(AzureError);
      expect((refused as AzureError).code).toBe('vault-not-found');
      expect(listener.connections()).toBe(0);

      // The vault ARM knows still gets its client.
      const vaultUri = String(harness.sim.state.get(VAULT.id)?.properties?.vaultUri);
      await expect(guarded.secrets(vaultUri)).resolves.toBeDefined();

      // Control: the unguarded client does send ward's bearer token to the listener.
      const leaky = await raw.secrets(listener.url);
      await leaky.updateSecretProperties('app-key', 'v1', { enabled: true }).catch(() => undefined);
      expect(listener.authorizations().some((a) => a.startsWith('Bearer '))).toBe(true);
    } finally {
      await harness.stop();
    }
  });
});
