import { readPath, sameText } from '../../rules/paths';
import { propertyPatchAction } from '../common/property-patch';

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
  refuse(resource) {
    // Never lower a stricter setting to TLS1_2.
    return sameText(readPath(resource, 'properties.minimumTlsVersion'), 'TLS1_3')
      ? 'minimumTlsVersion is TLS1_3, stricter than TLS1_2.'
      : undefined;
  },
  revertSummary: 'Sets minimumTlsVersion back to its previous value (TLS1_0 where it was unset).',
});
