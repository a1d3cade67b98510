import type { Logger } from 'pino';
import type { AzureClients } from '../azure/clients';
import { AzureError } from '../azure/errors';
import type { ChangeSignal } from '../domain';
import { parseSecretId } from '../readers';
import type { VaultDirectory } from './vault-directory';

/**
 * A Key Vault event names its vault by URL, and anyone who can publish to ward's endpoint can
 * name any host. ward accepts a secret event only for a vault it knows from ARM (a vault in a
 * watched subscription whose `vaultUri` is the event's vault URL); any other is dropped here,
 * before any read, claim or token. Answers true when the signal was dropped.
 * A failure to ask ARM is thrown (retryable): the delivery comes again.
 */
export async function dropUnknownVault(
  vaults: Pick<VaultDirectory, 'resolve'>,
  signal: ChangeSignal,
  log: Logger,
): Promise<boolean> {
  if (signal.source !== 'keyvault') return false;
  let vaultUrl: string;
  try {
    vaultUrl = parseSecretId(signal.resourceId).vaultUrl;
  } catch {
    log.warn({ decision: 'unknown-vault' }, 'secret event without a readable vault URL: dropped');
    return true;
  }
  if ((await vaults.resolve(vaultUrl)) !== undefined) return false;
  log.warn(
    { decision: 'unknown-vault', vaultUrl },
    'secret event for a vault no watched subscription holds (by its ARM vaultUri): dropped, nothing is read or sent to that host',
  );
  return true;
}

/**
 * The clients actions use, with the data-plane secret client handed out only for vaults ARM
 * knows: a plan naming any other host (a forged approval, an edited ledger) gets no client, so
 * no token is ever sent there.
 */
export function knownVaultClients(clients: AzureClients, vaults: VaultDirectory): AzureClients {
  return {
    ...clients,
    async secrets(vaultUrl) {
      if ((await vaults.resolve(vaultUrl)) === undefined) {
        throw new AzureError(
          'vault-not-found',
          `no watched subscription holds a vault at ${vaultUrl}: ward sends no token to a host it does not know from ARM`,
          { retryable: false },
        );
      }
      return clients.secrets(vaultUrl);
    },
  };
}
