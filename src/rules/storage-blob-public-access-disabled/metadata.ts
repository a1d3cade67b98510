import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'storage-blob-public-access-disabled',
  title: 'Storage accounts disallow anonymous blob access',
  severity: 'high',
  resourceTypes: ['Microsoft.Storage/storageAccounts'],
  rationale:
    'With properties.allowBlobPublicAccess true any container can be made readable without ' +
    'credentials, one setting away from leaking training data and models. The current spec ' +
    '(2025-06-01) documents absent as false, but earlier api-versions documented it as true and ' +
    'older accounts that never set it allowed anonymous access; ward fails closed on absent, as ' +
    'the Azure Policy built-in does, and the fix sets false explicitly.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'storage-disable-blob-public-access',
    summary: 'Set properties.allowBlobPublicAccess to false.',
  },
  references: {
    azurePolicy: [
      {
        id: '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751',
        displayName: 'Storage account public access should be disallowed',
      },
      {
        id: '13502221-8df0-4414-9937-de9c5c4e396b',
        displayName: 'Configure your Storage account public access to be disallowed',
      },
    ],
    prowler: ['storage_blob_public_access_level_is_disabled'],
    docs: ['https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent'],
  },
};
