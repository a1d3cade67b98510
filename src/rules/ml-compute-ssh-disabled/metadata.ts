import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-compute-ssh-disabled',
  title: 'Azure ML computes do not allow public SSH',
  severity: 'high',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/computes'],
  rationale:
    'An SSH port open to the internet invites password and key guessing against nodes that ' +
    'hold credentials and training data. For a data scientist: Jupyter, VS Code and terminals ' +
    'keep working through the workspace without public SSH, and SSH stays possible from the ' +
    'virtual network. For an ops engineer: sshPublicAccess (instances) and ' +
    'remoteLoginPortPublicAccess (clusters) are fixed at creation, so the fix is a ticket to ' +
    'recreate the compute. A cluster left at NotSpecified is open unless it sits in a subnet ' +
    'or its nodes have no public IP.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary:
      'Open a ticket to recreate the compute with public SSH disabled (the setting is fixed at ' +
      'creation).',
  },
  references: {
    azurePolicy: [],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-secure-training-vnet',
      'https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance',
      'https://learn.microsoft.com/azure/machine-learning/how-to-create-attach-compute-cluster',
    ],
  },
};
