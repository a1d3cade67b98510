import {
  deployTemplate,
  type ArmScope,
  type ArmValue,
  type DeployedResource,
} from './arm-evaluate';
import { committedTemplate } from './templates';

/** Sample places and parameters for deploying ward's templates on paper (arm-evaluate.ts). */
export const TENANT = '99999999-9999-9999-9999-999999999999';
export const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const WARD = '/subscriptions/44444444-4444-4444-4444-444444444444/resourceGroups/rg-ward';
export const WARD_PARAMETERS = {
  wardIdentityResourceId: `${WARD}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ward`,
  wardFunctionAppResourceId: `${WARD}/providers/Microsoft.Web/sites/func-ward`,
  wardStorageAccountResourceId: `${WARD}/providers/Microsoft.Storage/storageAccounts/stward`,
};

export const TOPICS = 'Microsoft.EventGrid/systemTopics';
export const EVENT_SUBSCRIPTIONS = 'Microsoft.EventGrid/systemTopics/eventSubscriptions';

export const SUBSCRIPTION_SCOPE: ArmScope = {
  tenantId: TENANT,
  subscriptionId: SUBSCRIPTION,
  deploymentLocation: 'swedencentral',
};
export const SUBSCRIPTION_PARAMETERS = {
  wardPrincipalId: '33333333-3333-3333-3333-333333333333',
  ...WARD_PARAMETERS,
};

export const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.KeyVault/vaults/kv-ml-prod`;
/** The vault's resource group is in one region, the vault in another. */
export const VAULT_SCOPE: ArmScope = {
  tenantId: TENANT,
  subscriptionId: SUBSCRIPTION,
  resourceGroup: { name: 'rg-ml', location: 'northeurope' },
  existing: { [VAULT_ID]: { location: 'westeurope', properties: {} } },
};
export const VAULT_PARAMETERS = { vaultName: 'kv-ml-prod', ...WARD_PARAMETERS };

export function deploySubscription(parameters: Record<string, ArmValue> = {}): DeployedResource[] {
  return deployTemplate(committedTemplate('subscription'), SUBSCRIPTION_SCOPE, {
    ...SUBSCRIPTION_PARAMETERS,
    ...parameters,
  });
}

export function deployVaultEvents(parameters: Record<string, ArmValue> = {}): DeployedResource[] {
  return deployTemplate(committedTemplate('keyvaultEvents'), VAULT_SCOPE, {
    ...VAULT_PARAMETERS,
    ...parameters,
  });
}

export function ofType(resources: readonly DeployedResource[], type: string): DeployedResource[] {
  return resources.filter((r) => r.type === type);
}
