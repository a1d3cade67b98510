import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-compute-no-public-ip',
  title: 'Azure ML compute instances and clusters have no public IP addresses',
  severity: 'high',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/computes'],
  rationale:
    'A compute node with a public IP address can be reached from the internet and can send ' +
    'training data straight out of it, around the workspace network and its firewall. For a ' +
    'data scientist: jobs and notebooks keep working without public IPs when the workspace uses ' +
    'a managed or customer virtual network. For an ops engineer: enableNodePublicIp is fixed ' +
    'when the compute is created and defaults to true, so the only fix is to recreate it; ward ' +
    'contains the exposure (stop or scale to zero) and asks for the recreation.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'ml-compute-stop-or-scale-to-zero',
    summary:
      'enableNodePublicIp is immutable: stop the compute instance or scale the cluster to 0 ' +
      'nodes (after approval), and open a ticket to recreate it without public IPs.',
  },
  references: {
    azurePolicy: [
      {
        id: '7804b5c7-01dc-4723-969b-ae300cc07ff1',
        displayName: 'Azure Machine Learning Computes should be in a virtual network',
      },
    ],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet',
      'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network',
    ],
  },
};
