import type { RelatedData } from '../domain';
import type { RelatedKey, RelatedRead } from './related';
import {
  diagnosticSettingsRead,
  privateEndpointConnectionsRead,
  publicIpAddressesRead,
  serviceDiagnosticSettingsRead,
} from './related';

/**
 * What each watched ARM type is read with: the resource at its pinned api-version plus the
 * related data its rules need, and nothing more (one read per related item):
 * - workspaces, vaults: diagnostic settings (diagnostic-settings-enabled) and private endpoint
 *   connections when the body lacks them (ml-workspace-private-endpoint / -public-network-disabled);
 * - storage accounts: the blob service's diagnostic settings (a storage account's logs live on
 *   its services, the account-level setting carries metrics only; diagnostic-settings-enabled
 *   judges the blob service, so file, queue and table are not read until a rule needs them:
 *   add `serviceDiagnosticSettingsRead('fileServices')` etc. here then);
 * - Cognitive Services accounts: diagnostic settings;
 * - NICs: the public IPs their ip configurations reference (network-nic-no-public-ip);
 * - ML computes and online endpoints: the body alone.
 */
export const ARM_READERS: Readonly<Record<string, readonly RelatedRead[]>> = {
  'microsoft.machinelearningservices/workspaces': [
    diagnosticSettingsRead,
    privateEndpointConnectionsRead,
  ],
  'microsoft.machinelearningservices/workspaces/computes': [],
  'microsoft.machinelearningservices/workspaces/onlineendpoints': [],
  'microsoft.keyvault/vaults': [diagnosticSettingsRead, privateEndpointConnectionsRead],
  'microsoft.storage/storageaccounts': [serviceDiagnosticSettingsRead('blobServices')],
  'microsoft.cognitiveservices/accounts': [diagnosticSettingsRead],
  'microsoft.network/networkinterfaces': [publicIpAddressesRead],
};

/** Whether ward has a reader for an ARM type (case-insensitive). */
export function isReadableType(resourceType: string): boolean {
  return resourceType.toLowerCase() in ARM_READERS;
}

export function relatedReadsFor(resourceType: string): readonly RelatedRead[] | undefined {
  return ARM_READERS[resourceType.toLowerCase()];
}

/** Adds one related read's data; storage services merge into one map. */
export function mergeRelated(into: RelatedData, part: RelatedData): void {
  for (const [key, value] of Object.entries(part)) {
    if (key === 'serviceDiagnosticSettings' && value && typeof value === 'object') {
      into.serviceDiagnosticSettings = { ...into.serviceDiagnosticSettings, ...value };
    } else {
      into[key] = value;
    }
  }
}

export type { RelatedKey };
