import type { ActionId, RemedyActionId } from '../domain';
import type { VaultWritesSettings } from '../config/vault-writes';

/**
 * The actions that need `Microsoft.KeyVault/vaults/write` (a test derives this list from the
 * actions' declared permissions, so it cannot drift from them).
 */
export const VAULT_WRITE_ACTIONS: readonly ActionId[] = [
  'keyvault-enable-purge-protection',
  'keyvault-disable-public-network',
];

/** True when the policy keeps ward from running this action (a vault write while they are off). */
export function vaultWriteWithheld(
  actionId: RemedyActionId,
  settings: VaultWritesSettings,
): boolean {
  return !settings.enabled && actionId !== 'none' && VAULT_WRITE_ACTIONS.includes(actionId);
}

/** The actions a deployment under this policy may run: what its custom role is derived from. */
export function enabledActionIds(
  actionIds: readonly ActionId[],
  settings: VaultWritesSettings,
): ActionId[] {
  return actionIds.filter((id) => !vaultWriteWithheld(id, settings));
}
