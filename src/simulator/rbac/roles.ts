import { deterministicUuid } from '../seed/ids';
import type { SeedRoleDefinition } from './seed-schema';

/** A role definition the simulator authorizes with (names compare case-insensitively). */
export interface RoleDefinition {
  /** The role definition's GUID. */
  id: string;
  roleName: string;
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

/**
 * Built-in roles seeds may assign by name or GUID. GUIDs and permissions are Azure's (Owner,
 * Contributor and Reader abridged to what the simulator serves: Contributor's notActions keep
 * only the Microsoft.Authorization writes and deletes that matter here).
 */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    actions: ['*'],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
    ],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    actions: ['*/read'],
    notActions: [],
    dataActions: [],
    notDataActions: [],
  },
  {
    id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    roleName: 'Key Vault Secrets Officer',
    actions: [
      'Microsoft.Authorization/*/read',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.KeyVault/checkNameAvailability/read',
      'Microsoft.KeyVault/deletedVaults/read',
      'Microsoft.KeyVault/locations/*/read',
      'Microsoft.KeyVault/vaults/*/read',
      'Microsoft.KeyVault/operations/read',
    ],
    notActions: [],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
    notDataActions: [],
  },
  {
    id: '4633458b-17de-408a-b874-0445c86b69e6',
    roleName: 'Key Vault Secrets User',
    actions: [],
    notActions: [],
    dataActions: [
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
    notDataActions: [],
  },
];

export function roleFromSeed(seed: SeedRoleDefinition): RoleDefinition {
  return {
    id: seed.id ?? deterministicUuid('ward-simulator', 'role-definition', seed.name.toLowerCase()),
    roleName: seed.name,
    actions: seed.actions,
    notActions: seed.notActions,
    dataActions: seed.dataActions,
    notDataActions: seed.notDataActions,
  };
}

/** Finds a role by name, GUID or full role definition id, case-insensitively. */
export function findRole(
  roles: readonly RoleDefinition[],
  reference: string,
): RoleDefinition | undefined {
  const ref = reference.toLowerCase();
  const guid = /roledefinitions\/([^/]+)$/i.exec(ref)?.[1] ?? ref;
  return roles.find((r) => r.id.toLowerCase() === guid || r.roleName.toLowerCase() === ref);
}
