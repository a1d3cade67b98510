import type { SimulatorCore, SimulatorPlugin } from '../core';
import { keyVaultError } from './wire';
import { handleVaultRequest, type VaultContext } from './handler';
import {
  ExpiryTracker,
  secretEvent,
  SECRET_NEW_VERSION_CREATED,
  type VaultIdentity,
} from './events';
import { VaultSecrets } from './secrets';
import { registerArmSecretRoutes } from './arm-secrets';
import { firewallCheck } from './network-rules';
import { deterministicHex32 } from '../seed/ids';
import type { SeedSecret } from '../seed/format';

export interface KeyVaultPluginOptions {
  /** How often real time passing is checked for SecretNearExpiry/SecretExpired. Default 60 s. */
  expiryCheckIntervalMs?: number;
}

interface ServedVault extends VaultContext, VaultIdentity {}

const VAULT_TYPE = 'Microsoft.KeyVault/vaults';

/**
 * Key Vault's data plane for every vault in the seed: each vault gets its own HTTPS listener on
 * 127.0.0.1 (the SDK derives the vault from the host), its `properties.vaultUri` points there,
 * and its secrets come from `seed.secrets`. Secret events go to the core's event bus. The data
 * plane enforces each vault's network rules for the seed's declared callers; ARM's view of the
 * secrets (`Microsoft.KeyVault/vaults/secrets` get and list) reads the same store.
 */
export function keyVaultPlugin(options: KeyVaultPluginOptions = {}): SimulatorPlugin {
  const cleanups: (() => void)[] = [];
  return {
    name: 'keyvault',
    async install(core: SimulatorCore) {
      const nowSeconds = (): number => Math.floor(core.clock.nowMs() / 1000);
      const newVersion = (): string => core.random.uuid().replace(/-/g, '');
      const byPort = new Map<string, ServedVault>();
      const byName = new Map<string, ServedVault>();
      const byId = new Map<string, ServedVault>();
      const tracker = new ExpiryTracker();

      const checkExpiry = (): void => {
        const now = nowSeconds();
        const eventTime = core.clock.now();
        const events = [...byName.values()].flatMap((vault) =>
          tracker
            .take(vault.secrets.list(), now)
            .map((t) =>
              secretEvent(t.eventType, vault, t.name, t.version, eventTime, core.random.uuid()),
            ),
        );
        if (events.length > 0) core.events.publish(events);
      };

      const seededByVault = new Map<string, SeedSecret[]>();
      for (const secret of core.seed.secrets) {
        const key = secret.vault.toLowerCase();
        seededByVault.set(key, [...(seededByVault.get(key) ?? []), secret]);
      }
      const vaults = core.state.list({ type: VAULT_TYPE });
      // Listeners open together: an estate of a thousand vaults starts in a fraction of a second.
      const urls = await Promise.all(vaults.map(() => core.listen()));
      for (const [index, body] of vaults.entries()) {
        const url = urls[index] ?? (await core.listen());
        const secrets = new VaultSecrets(body.name, nowSeconds, newVersion);
        for (const secret of seededByVault.get(body.name.toLowerCase()) ?? []) {
          secrets.seed(
            secret,
            deterministicHex32(body.id.toLowerCase(), secret.name.toLowerCase()),
          );
        }
        const vault: ServedVault = {
          name: body.name,
          url,
          resourceId: body.id,
          tenantId: core.tenantId,
          secrets,
          recoveryLevel: () => {
            const current = core.state.get(body.id);
            return current?.properties?.enablePurgeProtection === true
              ? 'Recoverable'
              : 'Recoverable+Purgeable';
          },
          onNewVersion: (name, version) => {
            const event = secretEvent(
              SECRET_NEW_VERSION_CREATED,
              vault,
              name,
              version,
              core.clock.now(),
              core.random.uuid(),
            );
            core.events.publish([event]);
            checkExpiry();
          },
          // Read at each request: ward (or anyone) may change the vault's network since.
          admit: (req) =>
            firewallCheck(core.state, body.id, core.seed.callers ?? [], req.principal),
        };
        byPort.set(new URL(url).port, vault);
        byName.set(body.name.toLowerCase(), vault);
        byId.set(body.id.toLowerCase(), vault);
        core.state.put({ ...body, properties: { ...body.properties, vaultUri: `${url}/` } });
        tracker.prime(secrets.list(), nowSeconds());
      }

      const previous = core.vaultUriFor;
      core.vaultUriFor = (name) => {
        const vault = byName.get(name.toLowerCase());
        return vault ? `${vault.url}/` : previous(name);
      };

      cleanups.push(
        core.routes.register({
          name: 'keyvault-data-plane',
          method: '*',
          pattern: /^\/(secrets|deletedsecrets|keys|certificates)(\/.*)?$/i,
          plane: 'data',
          handle: (req) => {
            const port = /:(\d+)$/.exec(req.headers.host ?? '')?.[1];
            const vault = port ? byPort.get(port) : undefined;
            if (!vault) {
              return keyVaultError(
                404,
                'NotFound',
                `No vault is served at ${req.headers.host ?? '(no host)'}.`,
              );
            }
            return handleVaultRequest(req, vault);
          },
        }),
      );
      cleanups.push(registerArmSecretRoutes(core, (id) => byId.get(id.toLowerCase())));
      cleanups.push(core.clock.onChange(checkExpiry));
      const timer = setInterval(checkExpiry, options.expiryCheckIntervalMs ?? 60_000);
      timer.unref();
      cleanups.push(() => {
        clearInterval(timer);
      });
    },
    stop() {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    },
  };
}
