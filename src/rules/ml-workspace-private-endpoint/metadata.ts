import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-workspace-private-endpoint',
  title: 'Azure ML workspaces have an approved private endpoint',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces'],
  rationale:
    'A private endpoint lets the studio, SDK and jobs reach the workspace over the virtual ' +
    'network instead of the internet, and is the precondition for turning public access off. ' +
    'Only an Approved connection carries traffic; Pending or Rejected ones do not count. For a ' +
    'data scientist: connect from the corporate network, VPN or a jump box in the virtual ' +
    'network. For an ops engineer: ward creates the endpoint in the configured subnet with its ' +
    'private DNS zone group after approval; it changes nothing about public access by itself.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'ml-workspace-create-private-endpoint',
    summary:
      'Create a private endpoint for the workspace in the configured subnet, with its private ' +
      'DNS zone group (after approval).',
  },
  references: {
    azurePolicy: [
      {
        id: '45e05259-1eb5-4f70-9574-baf73e9d219b',
        displayName: 'Azure Machine Learning workspaces should use private link',
      },
      {
        id: '7838fd83-5cbb-4b5d-888c-bfa240972597',
        displayName: 'Configure Azure Machine Learning workspaces with private endpoints',
      },
      {
        id: 'ee40564d-486e-4f68-a5ca-7a621edae0fb',
        displayName: 'Configure Azure Machine Learning workspace to use private DNS zones',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link'],
  },
};
