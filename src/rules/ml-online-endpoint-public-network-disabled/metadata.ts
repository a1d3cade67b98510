import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-online-endpoint-public-network-disabled',
  title: 'Azure ML online endpoints disable public network access',
  severity: 'high',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints'],
  rationale:
    'A scoring endpoint open to public networks lets anyone with a credential query the model ' +
    'from anywhere, and lets a leaked key be used from outside the company. With public access ' +
    "disabled, inbound scoring requests arrive only through the workspace's private endpoint. " +
    'For a data scientist: call the endpoint from the virtual network or through an ' +
    'application that runs there. For an ops engineer: ward changes publicNetworkAccess in ' +
    'place after approval, and opens a ticket where the endpoint cannot be updated. Kubernetes ' +
    "online endpoints are skipped: their exposure is the attached cluster's.",
  defaultMode: 'approve',
  remedy: {
    actionId: 'ml-online-endpoint-disable-public-network',
    summary:
      'Set properties.publicNetworkAccess to Disabled where the endpoint can be updated in place ' +
      '(after approval); otherwise open a ticket.',
  },
  references: {
    azurePolicy: [],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint',
      'https://learn.microsoft.com/azure/machine-learning/how-to-managed-network',
    ],
  },
};
