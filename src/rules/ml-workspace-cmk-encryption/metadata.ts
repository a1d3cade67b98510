import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-workspace-cmk-encryption',
  title: 'Azure ML workspaces are encrypted with a customer-managed key where required',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  rationale:
    'By default workspace data is encrypted with Microsoft-managed keys; regulated estates must ' +
    'hold the key themselves so they can rotate or revoke it. The rule applies only where ' +
    'config requires customer-managed keys (requireCustomerManagedKey). Project workspaces are ' +
    "skipped, as in the built-in policy: they use their hub's encryption. For a data " +
    'scientist: nothing changes day to day. For an ops engineer: the customer-managed key is ' +
    'chosen when the workspace is created (afterwards only the key within the same vault can ' +
    'change), so a failure is recorded for audit, not fixed in place.',
  defaultMode: 'audit',
  remedy: {
    actionId: 'none',
    summary:
      'Record the finding: a customer-managed key can only be chosen when the workspace is ' +
      'created.',
  },
  references: {
    azurePolicy: [
      {
        id: 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8',
        displayName:
          'Azure Machine Learning workspaces should be encrypted with a customer-managed key',
      },
      {
        id: '7f40cee6-e933-4d0f-a782-b96615e0f4a6',
        displayName:
          'Azure Machine Learning workspaces should be encrypted with the use of a customer-managed key',
      },
    ],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/concept-customer-managed-keys',
      'https://learn.microsoft.com/azure/machine-learning/how-to-setup-customer-managed-keys',
    ],
  },
};
