import type { SystemEventNameToEventData } from '@azure/eventgrid';

/** Event type names the @azure/eventgrid SDK knows: a misspelt name fails to compile. */
type SystemEventType = keyof SystemEventNameToEventData;

/** ARM control-plane events ward reacts to (Event Grid system topic on a subscription). */
export const RESOURCE_EVENT_TYPES = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceActionSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
] as const satisfies readonly SystemEventType[];

/** Key Vault secret events (Event Grid system topic on a vault). */
export const KEYVAULT_SECRET_EVENT_TYPES = [
  'Microsoft.KeyVault.SecretNewVersionCreated',
  'Microsoft.KeyVault.SecretNearExpiry',
  'Microsoft.KeyVault.SecretExpired',
] as const satisfies readonly SystemEventType[];

export type ResourceEventType = (typeof RESOURCE_EVENT_TYPES)[number];
export type KeyVaultSecretEventType = (typeof KEYVAULT_SECRET_EVENT_TYPES)[number];

export function isResourceEventType(type: string): type is ResourceEventType {
  return (RESOURCE_EVENT_TYPES as readonly string[]).includes(type);
}

export function isKeyVaultSecretEventType(type: string): type is KeyVaultSecretEventType {
  return (KEYVAULT_SECRET_EVENT_TYPES as readonly string[]).includes(type);
}
