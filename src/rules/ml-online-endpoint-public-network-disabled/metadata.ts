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
    'application that runs there. For an ops engineer: the endpoint update (PATCH) takes tags ' +
    'and identity only, so ward opens a ticket to change publicNetworkAccess through the ' +
    "endpoint's deployment. Kubernetes online endpoints are skipped: their exposure is the " +
    "attached cluster's.",
  // A ticket: publicNetworkAccess cannot be patched in place, so the action never plans a change.
  defaultMode: 'ticket',
  remedy: {
    actionId: 'ml-online-endpoint-disable-public-network',
    summary:
      "Open a ticket to set properties.publicNetworkAccess to Disabled through the endpoint's " +
      'deployment: the endpoint update (PATCH) cannot change it in place.',
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
