import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-workspace-public-network-disabled',
  title: 'Azure ML workspaces disable public network access',
  severity: 'high',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  rationale:
    'With public network access enabled, the workspace API, studio and everything it fronts ' +
    '(models, datasets, job logs) answer requests from any network, guarded only by sign-in. ' +
    'For a data scientist: once it is off, use the workspace from the corporate network, VPN ' +
    'or the virtual network through its private endpoint. For an ops engineer: ward disables ' +
    'public access only when the workspace has an approved private endpoint, so the change ' +
    'never cuts everyone off; without one the finding waits for ' +
    'ml-workspace-private-endpoint.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'ml-workspace-disable-public-network',
    summary:
      'Set properties.publicNetworkAccess to Disabled (after approval), only when an approved ' +
      'private endpoint exists.',
  },
  references: {
    azurePolicy: [
      {
        id: '438c38d2-3772-465a-a9cc-7a6666a275ce',
        displayName: 'Azure Machine Learning Workspaces should disable public network access',
      },
      {
        id: 'a10ee784-7409-4941-b091-663697637c0f',
        displayName: 'Configure Azure Machine Learning Workspaces to disable public network access',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link'],
  },
};
