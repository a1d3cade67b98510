import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'storage-min-tls-1-2',
  title: 'Storage accounts require TLS 1.2 or newer',
  severity: 'medium',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses and are retired by Azure Storage; clients that can ' +
    'negotiate them expose training data and model artifacts in transit.',
  defaultMode: 'auto',
  remedy: {
    actionId: 'storage-set-min-tls-1-2',
    summary: 'Set properties.minimumTlsVersion to TLS1_2.',
  },
  references: {
    azurePolicy: [
      {
        id: 'fe83a0eb-a853-422d-aac2-1bffd182c5d0',
        displayName: 'Storage accounts should have the specified minimum TLS version',
      },
    ],
    prowler: ['storage_ensure_minimum_tls_version_12'],
    docs: [
      'https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version',
    ],
  },
};
