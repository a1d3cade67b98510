import { readConnections } from '../../rules/ml-private-endpoint-connections';
import { propertyPatchAction } from '../common/property-patch';
import { segment } from '../common/segments';

export const mlWorkspaceDisablePublicNetwork = propertyPatchAction({
  id: 'ml-workspace-disable-public-network',
  resourceType: 'Microsoft.MachineLearningServices/workspaces',
  path: 'properties.publicNetworkAccess',
  target: 'Disabled',
  absentMeans: 'Enabled',
  summary:
    'Set publicNetworkAccess to Disabled on the workspace (it has an approved private endpoint)',
  conditional: false,
  permissions: {
    actions: [
      'Microsoft.MachineLearningServices/workspaces/read',
      'Microsoft.MachineLearningServices/workspaces/write',
      'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
    ],
    dataActions: [],
  },
  reversible: true,
  revertSummary:
    'Sets publicNetworkAccess back to its previous value (Enabled where it was unset).',
  refuse(resource, snapshot) {
    const connections = readConnections(snapshot, resource);
    if (!connections.ok)
      return `Private endpoint connections are unreadable: ${connections.problem}`;
    return connections.approved > 0
      ? undefined
      : 'The workspace has no approved private endpoint connection: disabling public network access would cut off all access.';
  },
  // The typed client has this operation (WorkspaceUpdateParameters.publicNetworkAccess).
  async write(deps, plan, value) {
    const ml = await deps.clients.machineLearning(segment(plan.resourceId, 'subscriptions'));
    await ml.workspaces.beginUpdateAndWait(
      segment(plan.resourceId, 'resourceGroups'),
      segment(plan.resourceId, 'workspaces'),
      { publicNetworkAccess: value === 'Disabled' ? 'Disabled' : 'Enabled' },
    );
  },
});
