import { deriveRoleDefinition } from '../actions/role';
import { ACTION_IDS } from '../domain';

/**
 * What the deploying identity needs on a watched subscription for infra/subscription.json: the
 * deployment itself, ward's custom role and its assignment, and the event subscriptions.
 */
export const SUBSCRIPTION_DEPLOY_ACTIONS: readonly string[] = [
  'Microsoft.Resources/deployments/write',
  'Microsoft.Authorization/roleDefinitions/write',
  'Microsoft.Authorization/roleAssignments/write',
  'Microsoft.EventGrid/systemTopics/eventSubscriptions/write',
];

/** Added when the subscription has no system topic: the template creates `rg-ward-events` and the topic. */
export const NEW_SUBSCRIPTION_TOPIC_ACTIONS: readonly string[] = [
  'Microsoft.Resources/subscriptions/resourceGroups/write',
  'Microsoft.EventGrid/systemTopics/write',
];

/** What the deploying identity needs in a vault's resource group for infra/keyvault-events.json. */
export const VAULT_DEPLOY_ACTIONS: readonly string[] = [
  'Microsoft.Resources/deployments/write',
  'Microsoft.KeyVault/vaults/read',
  'Microsoft.EventGrid/systemTopics/eventSubscriptions/write',
];

/** Added when the vault has no system topic: the template creates it in the vault's region. */
export const NEW_VAULT_TOPIC_ACTIONS: readonly string[] = [
  'Microsoft.EventGrid/systemTopics/write',
];

/** The linked-scope action a diagnostic setting to a Log Analytics workspace needs there. */
export const WORKSPACE_LINKED_ACTION = 'Microsoft.OperationalInsights/workspaces/sharedKeys/action';

/** ward's custom role as `npm run infra` derives it: every action of the catalog. */
export function wardRolePermissions(): { actions: string[]; dataActions: string[] } {
  return deriveRoleDefinition(ACTION_IDS);
}
