import { z } from 'zod';
import { apiVersionFor } from '../../azure/api-versions';
import { parseResourceId } from '../../azure/resource-id';
import { readConnections } from '../../rules/ml-private-endpoint-connections';
import { armBody } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPlan, RemediationAction } from '../types';
import { armRequest } from '../common/arm-request';
import { planParameters } from '../common/plan-parameters';
import { approvedPrivateEndpoints, connectionsOf, hasApprovedConnection } from './connections';

const WORKSPACE_TYPE = 'Microsoft.MachineLearningServices/workspaces';
/** The private link sub-resource of an Azure ML workspace. */
const GROUP_ID = 'amlworkspace';
const DNS_ZONE_GROUP = 'default';
/** What ARM checks on the endpoint's subnet and on each DNS zone of its zone group. */
const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
const DNS_ZONE_JOIN = 'Microsoft.Network/privateDnsZones/join/action';
/** The plan records the approved private endpoints (from the listing or the body) under this path. */
const APPROVED_PATH = 'privateEndpointConnections[approved].privateEndpoint.id';

const parametersSchema = z.object({
  workspaceId: z.string().min(1),
  subnetId: z.string().min(1),
  virtualNetworkId: z.string().min(1),
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  privateEndpointName: z.string().min(1),
  privateEndpointId: z.string().min(1),
  privateDnsZoneIds: z.array(z.string().min(1)),
});
type Parameters = z.infer<typeof parametersSchema>;

const revertDataSchema = z.object({
  privateEndpointId: z.string().min(1),
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  privateEndpointName: z.string().min(1),
});

const locatedSchema = z.looseObject({ location: z.string().min(1) });

const parametersOf = (plan: ActionPlan): Parameters => planParameters(plan, parametersSchema);

/** `privatelink.api.azureml.ms` → `privatelink-api-azureml-ms`, as the portal names configs. */
function zoneConfigName(zoneId: string): string {
  return (zoneId.split('/').pop() ?? 'zone').replace(/\./g, '-');
}

async function deletePrivateEndpoint(deps: ActionDeps, data: z.infer<typeof revertDataSchema>) {
  const network = await deps.clients.network(data.subscriptionId);
  await network.privateEndpoints.beginDeleteAndWait(data.resourceGroup, data.privateEndpointName);
}

/**
 * Creates `pe-<workspace>-ward` in the configured subnet, connected to the workspace's
 * `amlworkspace` sub-resource, with a DNS zone group for the configured private DNS zones.
 * The workspace then shows an Approved connection (auto-approved: ward holds the approval
 * permission on the workspace).
 */
export const mlWorkspaceCreatePrivateEndpoint: RemediationAction<ActionDeps> = {
  id: 'ml-workspace-create-private-endpoint',
  resourceTypes: [WORKSPACE_TYPE],
  permissions: {
    actions: [
      'Microsoft.MachineLearningServices/workspaces/read',
      'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
      'Microsoft.MachineLearningServices/workspaces/privateEndpointConnectionsApproval/action',
      'Microsoft.Network/virtualNetworks/read',
      SUBNET_JOIN,
      'Microsoft.Network/privateEndpoints/read',
      'Microsoft.Network/privateEndpoints/write',
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read',
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
      DNS_ZONE_JOIN,
      'Microsoft.Network/privateEndpoints/delete',
    ],
    dataActions: [],
    // The approval is checked on the workspace itself, which the subscription's role covers.
    linked: [SUBNET_JOIN, DNS_ZONE_JOIN],
    // Undo deletes the private endpoint ward created; nothing else deletes.
    revertOnly: ['Microsoft.Network/privateEndpoints/delete'],
  },
  reversible: true,
  revertSummary: 'Deletes the private endpoint ward created (and with it its DNS zone group).',
  plan(snapshot, context) {
    const resource = armBody(snapshot);
    if (!resource || snapshot.resourceType.toLowerCase() !== WORKSPACE_TYPE.toLowerCase()) {
      return { ok: false, reason: `Applies to ${WORKSPACE_TYPE} only.` };
    }
    const connections = readConnections(snapshot, resource);
    if (!connections.ok) {
      return {
        ok: false,
        reason: `Private endpoint connections are unreadable: ${connections.problem}`,
      };
    }
    if (connections.approved > 0) {
      return {
        ok: false,
        reason: 'The workspace already has an approved private endpoint connection.',
      };
    }
    const { subnetId, privateDnsZoneIds } = context.policy.privateEndpoints;
    if (subnetId === undefined) {
      return {
        ok: false,
        reason:
          'No subnet is configured for private endpoints (privateEndpoints.subnetId): open a ticket.',
      };
    }
    let subnet;
    try {
      subnet = parseResourceId(subnetId);
    } catch (cause) {
      return { ok: false, reason: cause instanceof Error ? cause.message : String(cause) };
    }
    const vnetMatch = /^(.*\/virtualNetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId);
    if (!vnetMatch?.[1] || !subnet.resourceGroup) {
      return { ok: false, reason: `privateEndpoints.subnetId is not a subnet id: ${subnetId}` };
    }
    const privateEndpointName = `pe-${resource.name}-ward`;
    const privateEndpointId = `/subscriptions/${subnet.subscriptionId}/resourceGroups/${subnet.resourceGroup}/providers/Microsoft.Network/privateEndpoints/${privateEndpointName}`;
    const parameters: Parameters = {
      workspaceId: snapshot.resourceId,
      subnetId,
      virtualNetworkId: vnetMatch[1],
      subscriptionId: subnet.subscriptionId,
      resourceGroup: subnet.resourceGroup,
      privateEndpointName,
      privateEndpointId,
      privateDnsZoneIds: [...privateDnsZoneIds],
    };
    return {
      ok: true,
      plan: {
        actionId: 'ml-workspace-create-private-endpoint',
        resourceId: snapshot.resourceId,
        resourceType: snapshot.resourceType,
        summary: `Create private endpoint ${privateEndpointName} in subnet ${subnetId}${privateDnsZoneIds.length > 0 ? ` with ${String(privateDnsZoneIds.length)} private DNS zone(s)` : ''}`,
        changes: [
          {
            path: APPROVED_PATH,
            before: approvedPrivateEndpoints(connectionsOf(snapshot, resource)),
            after: [
              ...approvedPrivateEndpoints(connectionsOf(snapshot, resource)),
              privateEndpointId.toLowerCase(),
            ].sort(),
          },
        ],
        parameters,
        // Both writes' references, checked before the first: a refused zone group would
        // otherwise leave the endpoint created without its DNS.
        linked: [
          { scope: subnetId, actions: [SUBNET_JOIN] },
          ...privateDnsZoneIds.map((zone) => ({ scope: zone, actions: [DNS_ZONE_JOIN] })),
        ],
      },
    };
  },
  precondition(plan, current) {
    const resource = armBody(current);
    if (!resource || current.resourceId.toLowerCase() !== plan.resourceId.toLowerCase()) {
      return { ok: false, reason: 'the read is not the planned workspace' };
    }
    const connections = readConnections(current, resource);
    if (!connections.ok) return { ok: false, reason: connections.problem };
    return connections.approved === 0
      ? { ok: true }
      : { ok: false, reason: 'the workspace has an approved private endpoint connection now' };
  },
  async apply(plan, deps) {
    const p = parametersOf(plan);
    const vnet = await armRequest(deps, {
      method: 'GET',
      resourceId: p.virtualNetworkId,
      apiVersion: apiVersionFor('Microsoft.Network/virtualNetworks'),
    });
    const located = locatedSchema.safeParse(vnet);
    if (!located.success) {
      throw new ActionError(
        'write-failed',
        `The virtual network ${p.virtualNetworkId} has no location.`,
      );
    }
    const network = await deps.clients.network(p.subscriptionId);
    await network.privateEndpoints.beginCreateOrUpdateAndWait(
      p.resourceGroup,
      p.privateEndpointName,
      {
        location: located.data.location,
        subnet: { id: p.subnetId },
        privateLinkServiceConnections: [
          {
            name: `${p.privateEndpointName}-connection`,
            privateLinkServiceId: p.workspaceId,
            groupIds: [GROUP_ID],
          },
        ],
      },
    );
    const revertData = {
      privateEndpointId: p.privateEndpointId,
      subscriptionId: p.subscriptionId,
      resourceGroup: p.resourceGroup,
      privateEndpointName: p.privateEndpointName,
    };
    if (p.privateDnsZoneIds.length > 0) {
      try {
        await network.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
          p.resourceGroup,
          p.privateEndpointName,
          DNS_ZONE_GROUP,
          {
            privateDnsZoneConfigs: p.privateDnsZoneIds.map((id) => ({
              name: zoneConfigName(id),
              privateDnsZoneId: id,
            })),
          },
        );
      } catch (cause) {
        throw new ActionError(
          'write-failed',
          `Private endpoint ${p.privateEndpointId} was created but its DNS zone group failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        );
      }
    }
    return { revertData };
  },
  observe(snapshot, path) {
    const resource = armBody(snapshot);
    if (path !== APPROVED_PATH || !resource) return undefined;
    return approvedPrivateEndpoints(connectionsOf(snapshot, resource));
  },
  verify(plan, after) {
    const resource = armBody(after);
    if (!resource) return { ok: false, reason: 'the re-read is not the workspace' };
    const { privateEndpointId } = parametersOf(plan);
    return hasApprovedConnection(connectionsOf(after, resource), privateEndpointId)
      ? { ok: true }
      : { ok: false, reason: `no Approved connection from ${privateEndpointId} yet` };
  },
  async revert(plan, applied, deps) {
    const parsed = revertDataSchema.safeParse(applied.revertData ?? {});
    if (!parsed.success) {
      throw new ActionError(
        'invalid-plan',
        'The applied result names no private endpoint to delete.',
      );
    }
    if (
      parsed.data.privateEndpointId.toLowerCase() !==
      parametersOf(plan).privateEndpointId.toLowerCase()
    ) {
      throw new ActionError(
        'invalid-plan',
        'The applied result names another private endpoint than the plan.',
      );
    }
    await deletePrivateEndpoint(deps, parsed.data);
  },
};
