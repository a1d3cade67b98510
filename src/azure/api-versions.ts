import { AzureError } from './errors';

/**
 * The api-version ward reads each resource type at: the current stable version in Microsoft's
 * REST specs. The typed SDK clients speak older versions (arm-machinelearning 2.1.1 speaks
 * 2022-10-01, without managedNetwork or idle shutdown), so reads go through the generic
 * getById at these versions. Keys are lower-case; a `*` entry covers a provider's other types.
 */
const PINNED: Readonly<Record<string, string>> = {
  'microsoft.machinelearningservices/*': '2025-12-01',
  'microsoft.keyvault/vaults': '2025-05-01',
  'microsoft.storage/storageaccounts': '2025-08-01',
  'microsoft.storage/storageaccounts/blobservices': '2025-08-01',
  'microsoft.storage/storageaccounts/fileservices': '2025-08-01',
  'microsoft.storage/storageaccounts/queueservices': '2025-08-01',
  'microsoft.storage/storageaccounts/tableservices': '2025-08-01',
  'microsoft.cognitiveservices/accounts': '2025-09-01',
  'microsoft.network/*': '2026-01-01',
  'microsoft.insights/diagnosticsettings': '2021-05-01-preview',
  'microsoft.operationalinsights/workspaces': '2025-07-01',
};

/** Every pinned entry, for documentation and the role/filter derivations. */
export const PINNED_API_VERSIONS: Readonly<Record<string, string>> = PINNED;

/**
 * The pinned api-version for an ARM resource type (`Microsoft.Storage/storageAccounts`),
 * matched case-insensitively. Throws a coded error for a type ward does not read.
 */
export function apiVersionFor(resourceType: string): string {
  const type = resourceType.trim().toLowerCase();
  const exact = PINNED[type];
  if (exact) return exact;
  const provider = type.split('/')[0] ?? '';
  const wildcard = PINNED[`${provider}/*`];
  if (wildcard && type.includes('/')) return wildcard;
  throw new AzureError(
    'unknown-resource-type',
    `ward pins no api-version for resource type "${resourceType}"`,
    {
      retryable: false,
    },
  );
}
