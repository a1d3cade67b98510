import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-compute-local-auth-disabled',
  title: 'Azure ML computes have local authentication disabled',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/computes'],
  rationale:
    'Local authentication lets a compute be reached with credentials that Microsoft Entra ID ' +
    'does not govern: no conditional access, no per-user audit, nothing revoked when someone ' +
    'leaves. For a data scientist: with local auth off you sign in with your own Entra identity ' +
    'as usual. For an ops engineer: disableLocalAuth is fixed when the compute is created, so ' +
    'the fix is a ticket to recreate it.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary:
      'Open a ticket to recreate the compute with disableLocalAuth true (fixed at creation).',
  },
  references: {
    azurePolicy: [
      {
        id: 'e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f',
        displayName:
          'Azure Machine Learning Computes should have local authentication methods disabled',
      },
      {
        id: 'a6f9a2d0-cff7-4855-83ad-4cd750666512',
        displayName:
          'Configure Azure Machine Learning Computes to disable local authentication methods',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/machine-learning/how-to-integrate-azure-policy'],
  },
};
