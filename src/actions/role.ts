import type { ActionId } from '../domain';
import { createActionRegistry } from './registry';
import type { ActionRegistry } from './registry';
import type { ActionPermissions } from './types';

/**
 * What src/readers call, read-only: each watched type's GET at its pinned api-version, the
 * related reads beside it (diagnostic settings, including a storage account's service-level
 * ones; private endpoint connections listed through their own API; a NIC's public IPs), and
 * secrets' metadata through ARM (`Microsoft.KeyVault/vaults/secrets/read`: get and list, which
 * grant no value read and pass a vault's firewall, unlike the data plane's readMetadata).
 */
export const READER_PERMISSIONS: ActionPermissions = {
  actions: [
    'Microsoft.CognitiveServices/accounts/read',
    'Microsoft.Insights/diagnosticSettings/read',
    'Microsoft.KeyVault/vaults/privateEndpointConnections/read',
    'Microsoft.KeyVault/vaults/read',
    'Microsoft.KeyVault/vaults/secrets/read',
    'Microsoft.MachineLearningServices/workspaces/computes/read',
    'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read',
    'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
    'Microsoft.MachineLearningServices/workspaces/read',
    'Microsoft.Network/networkInterfaces/read',
    'Microsoft.Network/publicIPAddresses/read',
    'Microsoft.Storage/storageAccounts/read',
  ],
  dataActions: [],
};

export interface RoleDefinitionPermissions {
  actions: string[];
  dataActions: string[];
}

export interface RoleOptions {
  registry?: ActionRegistry;
  /**
   * Include what only `revert` (ward undo) uses, such as deleting a private endpoint ward
   * created. Default true: undo runs under the same identity. A deployment that never undoes
   * can pass false and hold no delete permission at all.
   */
  includeRevert?: boolean;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

/**
 * The custom role for the enabled actions: their declared permissions plus the readers', sorted
 * and without duplicates. No wildcard ever enters: the permissions test checks every action.
 */
export function deriveRoleDefinition(
  actionIds: readonly ActionId[],
  options: RoleOptions = {},
): RoleDefinitionPermissions {
  const registry = options.registry ?? createActionRegistry();
  const includeRevert = options.includeRevert ?? true;
  const actions: string[] = [...READER_PERMISSIONS.actions];
  const dataActions: string[] = [...READER_PERMISSIONS.dataActions];
  for (const id of actionIds) {
    const { permissions } = registry.get(id);
    const revertOnly = new Set(permissions.revertOnly ?? []);
    actions.push(...permissions.actions.filter((p) => includeRevert || !revertOnly.has(p)));
    dataActions.push(...permissions.dataActions);
  }
  return { actions: sortedUnique(actions), dataActions: sortedUnique(dataActions) };
}

/**
 * The actions ARM checks on resources the enabled actions' writes reference (their linked
 * scopes: a Log Analytics workspace, a subnet, private DNS zones, a NIC's network references),
 * sorted: the narrow role infra/linked-scopes.json assigns at those resources when they live
 * outside the watched subscription.
 */
export function deriveLinkedActions(
  actionIds: readonly ActionId[],
  options: Pick<RoleOptions, 'registry'> = {},
): string[] {
  const registry = options.registry ?? createActionRegistry();
  return sortedUnique(actionIds.flatMap((id) => registry.get(id).permissions.linked ?? []));
}
