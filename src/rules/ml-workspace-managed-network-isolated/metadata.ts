import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-workspace-managed-network-isolated',
  title: 'Azure ML workspaces use managed network isolation',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  rationale:
    "Managed network isolation runs the workspace's compute instances, clusters, serverless " +
    'jobs and managed online endpoints in a Microsoft-managed virtual network, with private ' +
    'endpoints to the storage, registry and Key Vault they use. Without it they run on the ' +
    'open network. AllowOnlyApprovedOutbound also stops data from leaving except to approved ' +
    'destinations (the built-in policy asks for that mode); AllowInternetOutbound passes here ' +
    'with a note. For a data scientist: in approved-outbound mode, package feeds and model ' +
    'hubs need an outbound rule. For an ops engineer: enabling it on an existing workspace ' +
    'requires deleting its computes and managed online endpoints first, and the mode cannot ' +
    'be turned back, so ward opens a ticket instead of changing it.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary:
      'Open a ticket to enable managed network isolation (AllowOnlyApprovedOutbound preferred).',
  },
  references: {
    azurePolicy: [
      {
        id: '6ddb1705-c8cf-450e-aa4b-19ad6703c440',
        displayName:
          'Azure Machine Learning and Ai Studio should use Allow Only Approved Outbound Managed Vnet mode',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/machine-learning/how-to-managed-network'],
  },
};
