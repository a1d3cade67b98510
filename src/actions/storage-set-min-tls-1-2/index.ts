import { propertyPatchAction } from '../shared/property-patch';

export const storageSetMinTls12 = propertyPatchAction({
  id: 'storage-set-min-tls-1-2',
  resourceType: 'Microsoft.Storage/storageAccounts',
  path: 'properties.minimumTlsVersion',
  target: 'TLS1_2',
  // Accounts that never set it accept TLS 1.0: the service default.
  absentMeans: 'TLS1_0',
  summary: 'Set minimumTlsVersion to TLS1_2 on the storage account',
  conditional: false,
  permissions: {
    actions: ['Microsoft.Storage/storageAccounts/read', 'Microsoft.Storage/storageAccounts/write'],
    dataActions: [],
  },
  reversible: true,
  revertSummary: 'Sets minimumTlsVersion back to its previous value (TLS1_0 where it was unset).',
});
