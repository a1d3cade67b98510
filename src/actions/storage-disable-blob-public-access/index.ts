import { propertyPatchAction } from '../common/property-patch';

export const storageDisableBlobPublicAccess = propertyPatchAction({
  id: 'storage-disable-blob-public-access',
  resourceType: 'Microsoft.Storage/storageAccounts',
  path: 'properties.allowBlobPublicAccess',
  target: false,
  // Accounts created under earlier api-versions without the property allow public access.
  absentMeans: true,
  summary: 'Set allowBlobPublicAccess to false on the storage account',
  conditional: false,
  permissions: {
    actions: ['Microsoft.Storage/storageAccounts/read', 'Microsoft.Storage/storageAccounts/write'],
    dataActions: [],
  },
  reversible: true,
  revertSummary: 'Sets allowBlobPublicAccess back to its previous value (true where it was unset).',
});
