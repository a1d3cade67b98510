import { z } from 'zod';
import { apiVersionFor } from '../../azure/api-versions';
import { armBody, isRecord, readPath } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPlan, RemediationAction } from '../types';
import { armRequest } from '../common/arm-request';
import { checkBasis } from '../common/plan-basis';
import { NIC_LINKED_ACTIONS, nicLinkedScopes } from './linked';

const NIC_TYPE = 'Microsoft.Network/networkInterfaces';

const associationSchema = z.object({ ipConfiguration: z.string(), publicIpAddressId: z.string() });
const associationsSchema = z.array(associationSchema).min(1);
type Association = z.infer<typeof associationSchema>;

const nicSchema = z.looseObject({
  etag: z.string().optional(),
  properties: z.looseObject({
    ipConfigurations: z.array(
      z.looseObject({ name: z.string(), properties: z.record(z.string(), z.unknown()).optional() }),
    ),
  }),
});
type Nic = z.infer<typeof nicSchema>;

function associationsOf(value: unknown): Association[] {
  const parsed = associationsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ActionError(
      'invalid-plan',
      `The plan names no public IP associations: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** Each ip configuration's public IP, by configuration name. */
function associationsIn(resource: unknown): Association[] {
  const parsed = nicSchema.safeParse(resource);
  if (!parsed.success) return [];
  return parsed.data.properties.ipConfigurations.flatMap((config) => {
    const pip = config.properties?.publicIPAddress;
    return isRecord(pip) && typeof pip.id === 'string'
      ? [{ ipConfiguration: config.name, publicIpAddressId: pip.id }]
      : [];
  });
}

/** `properties.ipConfigurations[{name}].properties.publicIPAddress`: the plan's change paths. */
const CHANGE_PATH = /^properties\.ipConfigurations\[([^\]]+)\]\.properties\.publicIPAddress$/;

/**
 * A change path's value on a NIC: the named ip configuration's public IP reference, as the plan
 * records it (`{ id }`, or absent). A plain dotted read cannot select an array item by name, so
 * without this `ward undo` would find the association absent whatever the NIC holds.
 */
function observeAssociation(resource: unknown, path: string): unknown {
  const name = CHANGE_PATH.exec(path)?.[1];
  if (name === undefined) return readPath(resource, path);
  const parsed = nicSchema.safeParse(resource);
  if (!parsed.success) return undefined;
  const config = parsed.data.properties.ipConfigurations.find(
    (c) => c.name.toLowerCase() === name.toLowerCase(),
  );
  const pip = config?.properties?.publicIPAddress;
  return isRecord(pip) && typeof pip.id === 'string' ? { id: pip.id } : undefined;
}

async function readNic(deps: ActionDeps, resourceId: string): Promise<Nic> {
  const body = await armRequest(deps, {
    method: 'GET',
    resourceId,
    apiVersion: apiVersionFor(NIC_TYPE),
  });
  const parsed = nicSchema.safeParse(body);
  if (!parsed.success) {
    throw new ActionError('write-failed', `${resourceId} did not read as a network interface.`);
  }
  return parsed.data;
}

/**
 * Network writes replace the whole NIC: the body as read, changed, sent back under If-Match.
 * Not through the typed NetworkManagementClient: its createOrUpdate has no ifMatch option, and
 * a custom header would be resent on every poll of the operation.
 */
async function putNic(deps: ActionDeps, resourceId: string, nic: Nic, etag: string): Promise<void> {
  await armRequest(deps, {
    method: 'PUT',
    resourceId,
    apiVersion: apiVersionFor(NIC_TYPE),
    body: nic,
    ifMatch: etag,
  });
}

export const networkNicDissociatePublicIp: RemediationAction<ActionDeps> = {
  id: 'network-nic-dissociate-public-ip',
  resourceTypes: [NIC_TYPE],
  permissions: {
    actions: [
      'Microsoft.Network/networkInterfaces/read',
      'Microsoft.Network/networkInterfaces/write',
      'Microsoft.Network/publicIPAddresses/read',
      // A NIC PUT re-sends every reference of the NIC and its ip configurations, and ARM checks
      // a join permission on each (linked scopes): subnet, network security group, load balancer
      // pools and inbound NAT rules, application security groups, application gateway pools.
      ...NIC_LINKED_ACTIONS,
      'Microsoft.Network/publicIPAddresses/join/action',
    ],
    dataActions: [],
    linked: NIC_LINKED_ACTIONS,
    // Re-associating a public IP (undo) needs join on it; removing one does not.
    revertOnly: ['Microsoft.Network/publicIPAddresses/join/action'],
  },
  reversible: true,
  revertSummary: 'Associates the same public IP addresses with the same ip configurations again.',
  plan(snapshot) {
    const resource = armBody(snapshot);
    if (!resource || snapshot.resourceType.toLowerCase() !== NIC_TYPE.toLowerCase()) {
      return { ok: false, reason: `Applies to ${NIC_TYPE} only.` };
    }
    const associations = associationsIn(resource);
    if (associations.length === 0) {
      return { ok: false, reason: 'No ip configuration of the NIC has a public IP.' };
    }
    if (snapshot.etag === undefined) {
      return {
        ok: false,
        reason: 'The read carries no etag, so a conditional write is impossible.',
      };
    }
    return {
      ok: true,
      plan: {
        actionId: 'network-nic-dissociate-public-ip',
        resourceId: snapshot.resourceId,
        resourceType: snapshot.resourceType,
        summary: `Dissociate ${associations.map((a) => a.publicIpAddressId.split('/').pop() ?? '').join(', ')} from the NIC`,
        changes: associations.map((a) => ({
          path: `properties.ipConfigurations[${a.ipConfiguration}].properties.publicIPAddress`,
          before: { id: a.publicIpAddressId },
          after: null,
        })),
        basisEtag: snapshot.etag,
        parameters: { associations },
        linked: nicLinkedScopes(resource),
      },
    };
  },
  precondition: (plan, current) => checkBasis(plan, current),
  observe: (snapshot, path) => observeAssociation(armBody(snapshot), path),
  async apply(plan: ActionPlan, deps) {
    const associations = associationsOf(plan.parameters.associations);
    const etag = plan.basisEtag;
    if (etag === undefined) throw new ActionError('invalid-plan', 'The plan has no etag.');
    const nic = await readNic(deps, plan.resourceId);
    if (nic.etag !== etag) {
      throw new ActionError(
        'precondition-failed',
        `The NIC changed since the plan (etag ${nic.etag ?? '(none)'}, planned at ${etag}).`,
      );
    }
    for (const config of nic.properties.ipConfigurations) {
      if (config.properties && 'publicIPAddress' in config.properties) {
        delete config.properties.publicIPAddress;
      }
    }
    await putNic(deps, plan.resourceId, nic, etag);
    return { revertData: { associations } };
  },
  async revert(plan, applied, deps) {
    const associations = associationsOf(
      applied.revertData?.associations ?? plan.parameters.associations,
    );
    const nic = await readNic(deps, plan.resourceId);
    for (const association of associations) {
      const config = nic.properties.ipConfigurations.find(
        (c) => c.name.toLowerCase() === association.ipConfiguration.toLowerCase(),
      );
      if (!config) {
        throw new ActionError(
          'revert-unsupported',
          `The NIC no longer has ip configuration ${association.ipConfiguration}.`,
        );
      }
      config.properties = {
        ...config.properties,
        publicIPAddress: { id: association.publicIpAddressId },
      };
    }
    if (nic.etag === undefined) throw new ActionError('write-failed', 'The NIC read has no etag.');
    await putNic(deps, plan.resourceId, nic, nic.etag);
  },
};
