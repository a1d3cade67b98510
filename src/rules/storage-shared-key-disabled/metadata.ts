import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'storage-shared-key-disabled',
  title: 'Storage accounts disallow shared key access',
  severity: 'medium',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  rationale:
    'Account keys grant full access to all data, never expire on their own and leave no ' +
    'identity in the logs. With properties.allowSharedKeyAccess false every request must use ' +
    'Microsoft Entra ID; absent is equivalent to true. ML datastores and tools that still use ' +
    'keys break when it is turned off, so a ticket is opened instead of a change.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary: 'Open a ticket to move clients to Microsoft Entra ID and disable shared key access.',
  },
  references: {
    azurePolicy: [
      {
        id: '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54',
        displayName: 'Storage accounts should prevent shared key access',
      },
    ],
    prowler: ['storage_account_key_access_disabled'],
    docs: ['https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent'],
  },
};
