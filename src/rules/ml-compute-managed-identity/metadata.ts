import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-compute-managed-identity',
  title: 'Azure ML computes have a managed identity',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/computes'],
  rationale:
    'Without a managed identity, jobs on a compute reach storage, registries and Key Vault with ' +
    'keys or connection strings copied into code and environments, where they leak and never ' +
    'expire. For a data scientist: with an identity, datastores and secrets work without any ' +
    'key in your code. For an ops engineer: access is granted and revoked through RBAC on one ' +
    'identity, and every call is attributable.',
  // A ticket: the compute API has no in-place identity change (its PATCH takes scaleSettings
  // only and a PUT over an existing compute recreates it), so the action never plans one.
  defaultMode: 'ticket',
  remedy: {
    actionId: 'ml-compute-assign-identity',
    summary:
      'Open a ticket to recreate the compute with the configured user-assigned identity: the ' +
      'compute API cannot assign one in place.',
  },
  references: {
    azurePolicy: [],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication',
    ],
  },
};
