import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'diagnostic-settings-enabled',
  title: 'Audit logs go to a Log Analytics workspace',
  severity: 'medium',
  resourceTypes: [
    'Microsoft.MachineLearningServices/workspaces',
    'Microsoft.KeyVault/vaults',
    'Microsoft.Storage/storageAccounts',
    'Microsoft.CognitiveServices/accounts',
  ],
  rationale:
    'Without audit logs in Log Analytics nobody can tell who read a secret, a dataset or a ' +
    'model, or investigate an incident. A resource passes when a diagnostic setting with a ' +
    'non-empty properties.workspaceId has an enabled log of categoryGroup audit or allLogs ' +
    '(case-insensitive), or when settings with a workspaceId together enable its audit ' +
    'categories: AuditEvent for a vault; Audit for a Cognitive Services account; for an ML ' +
    'workspace every access category (ComputeInstanceEvent and the DataLabel, DataSet, ' +
    'DataStore, Environment, Models, Pipeline and Run read/change/action events; compute ' +
    'cluster, job, run-status, deployment and inferencing events do not count). A storage ' +
    "account's own setting carries metrics only: its blob service (blobServices/default) must " +
    'send StorageRead, StorageWrite and StorageDelete, or audit or allLogs; file, queue and ' +
    'table services are not judged. Settings that were not read answer skip.',
  defaultMode: 'auto',
  remedy: {
    actionId: 'diagnostic-settings-create',
    summary:
      'Create a diagnostic setting sending the audit category group to the configured workspace.',
  },
  references: {
    azurePolicy: [
      {
        id: 'cf820ca0-f99e-4f3e-84fb-66e913812d21',
        displayName: 'Resource logs in Key Vault should be enabled',
      },
      {
        id: 'afe0c3be-ba3b-4544-ba52-0c99672a8ad6',
        displayName: 'Resource logs in Azure Machine Learning Workspaces should be enabled',
      },
      {
        id: '1b4d1c4e-934c-4703-944c-27c82c06bebb',
        displayName: 'Diagnostic logs in Azure AI services resources should be enabled',
      },
      {
        id: 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb',
        displayName: 'Configure diagnostic settings for Blob Services to Log Analytics workspace',
      },
      {
        id: '187242f4-89c6-4c43-9a4e-188c0efacc5f',
        displayName: 'Resource logs should be enabled for Audit on supported resources',
      },
    ],
    prowler: ['keyvault_logging_enabled'],
    docs: [
      'https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings',
      'https://learn.microsoft.com/azure/key-vault/general/logging',
      'https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning',
      'https://learn.microsoft.com/azure/storage/blobs/monitor-blob-storage',
    ],
  },
};
