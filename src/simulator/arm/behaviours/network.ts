import { ArmRequestError } from '../../http';
import type { ArmBody } from '../../state';
import { isRecord } from '../behaviour';
import type { TypeBehaviour, WriteContext } from '../behaviour';
import type { ArmEnv } from '../env';
import {
  connectPrivateEndpoint,
  connectionsOf,
  disconnectPrivateEndpoint,
} from './private-endpoint-connections';

function refId(value: unknown): string | undefined {
  return isRecord(value) && typeof value.id === 'string' ? value.id : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function missingReference(ref: string, by: string): ArmRequestError {
  return new ArmRequestError(
    400,
    'InvalidResourceReference',
    `Resource ${ref} referenced by resource ${by} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
  );
}

/** A subnet exists as a child resource of its virtual network. */
function subnetExists(env: ArmEnv, id: string): boolean {
  return env.store.has(id);
}

// ---- network interfaces ----

function nicPublicIps(
  body: { properties?: Record<string, unknown> | null } | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const ipc of records(body?.properties?.ipConfigurations)) {
    const pip = refId(isRecord(ipc.properties) ? ipc.properties.publicIPAddress : undefined);
    const ipcId = typeof ipc.id === 'string' ? ipc.id : undefined;
    if (pip && ipcId) out.set(pip.toLowerCase(), ipcId);
  }
  return out;
}

function validateNic(ctx: WriteContext): void {
  const nicId = ctx.path.id;
  for (const ipc of records(ctx.request.properties?.ipConfigurations)) {
    const props = isRecord(ipc.properties) ? ipc.properties : {};
    const pipId = refId(props.publicIPAddress);
    if (pipId) {
      const pip = ctx.env.store.get(pipId);
      if (!pip) throw missingReference(pipId, nicId);
      const holder = refId(pip.properties?.ipConfiguration);
      if (holder && !holder.toLowerCase().startsWith(`${nicId.toLowerCase()}/`)) {
        throw new ArmRequestError(
          400,
          'PublicIPAddressInUse',
          `Resource ${pipId} is referenced by resource ${holder}, and cannot be used by ${nicId}.`,
        );
      }
    }
    const subnetId = refId(props.subnet);
    if (subnetId && !subnetExists(ctx.env, subnetId)) throw missingReference(subnetId, nicId);
  }
}

function prepareNic(body: ArmBody): void {
  for (const ipc of records(body.properties?.ipConfigurations)) {
    const name = typeof ipc.name === 'string' ? ipc.name : 'ipconfig1';
    ipc.name = name;
    ipc.id = `${body.id}/ipConfigurations/${name}`;
    ipc.type = 'Microsoft.Network/networkInterfaces/ipConfigurations';
    const props = isRecord(ipc.properties) ? ipc.properties : {};
    props.provisioningState = 'Succeeded';
    props.privateIPAllocationMethod ??= 'Dynamic';
    ipc.properties = props;
  }
}

function setPipHolder(env: ArmEnv, pipId: string, ipConfigurationId: string | undefined): void {
  const pip = env.store.get(pipId);
  if (!pip) return;
  pip.properties ??= {};
  if (ipConfigurationId) pip.properties.ipConfiguration = { id: ipConfigurationId };
  else delete pip.properties.ipConfiguration;
  env.store.put(pip);
}

/** Keeps each public IP's `ipConfiguration` in step with the NICs that use it. */
function syncNicPublicIps(env: ArmEnv, nicId: string, now: Map<string, string>): void {
  const prefix = `${nicId.toLowerCase()}/ipconfigurations/`;
  for (const pip of env.store.list({ type: 'Microsoft.Network/publicIPAddresses' })) {
    const holder = refId(pip.properties?.ipConfiguration);
    if (holder?.toLowerCase().startsWith(prefix) && !now.has(pip.id.toLowerCase())) {
      setPipHolder(env, pip.id, undefined);
    }
  }
  for (const [pipId, ipcId] of now) setPipHolder(env, pipId, ipcId);
}

export const networkInterfaceBehaviour: TypeBehaviour = {
  validate: validateNic,
  prepare: prepareNic,
  afterWrite: (body, ctx) => {
    syncNicPublicIps(ctx.env, body.id, nicPublicIps(body));
  },
  afterDelete: (existing, env) => {
    syncNicPublicIps(env, existing.id, new Map());
  },
};

// ---- public IP addresses ----

export const publicIpBehaviour: TypeBehaviour = {
  prepare: (body, ctx) => {
    body.properties ??= {};
    const held = ctx.existing?.properties?.ipConfiguration;
    if (held) body.properties.ipConfiguration = held;
    else delete body.properties.ipConfiguration;
    body.properties.publicIPAddressVersion ??= 'IPv4';
    body.properties.publicIPAllocationMethod ??= 'Static';
    body.properties.ipAddress ??=
      ctx.existing?.properties?.ipAddress ??
      `20.${ctx.env.random.int(255)}.${ctx.env.random.int(255)}.${1 + ctx.env.random.int(254)}`;
  },
  validateDelete: (existing) => {
    const holder = refId(existing.properties?.ipConfiguration);
    if (holder) {
      throw new ArmRequestError(
        400,
        'PublicIPAddressCannotBeDeleted',
        `Public IP address ${existing.id} can not be deleted since it is still allocated to resource ${holder}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
      );
    }
  },
};

// ---- private endpoints ----

function validatePrivateEndpoint(ctx: WriteContext): void {
  const peId = ctx.path.id;
  const props = ctx.request.properties ?? {};
  const subnetId = refId(props.subnet);
  if (!subnetId) {
    throw new ArmRequestError(400, 'InvalidRequestFormat', 'properties.subnet.id is required.');
  }
  if (!subnetExists(ctx.env, subnetId)) throw missingReference(subnetId, peId);
  if (
    ctx.existing &&
    refId(ctx.existing.properties?.subnet)?.toLowerCase() !== subnetId.toLowerCase()
  ) {
    throw new ArmRequestError(
      400,
      'PropertyChangeNotAllowed',
      "Changing property 'properties.subnet' is not allowed on a private endpoint.",
    );
  }
  const connections = [
    ...records(props.privateLinkServiceConnections),
    ...records(props.manualPrivateLinkServiceConnections),
  ];
  for (const c of connections) {
    const target = isRecord(c.properties) ? c.properties.privateLinkServiceId : undefined;
    if (typeof target !== 'string') {
      throw new ArmRequestError(
        400,
        'InvalidRequestFormat',
        'Each private link service connection needs properties.privateLinkServiceId.',
      );
    }
    if (!ctx.env.store.has(target)) throw missingReference(target, peId);
  }
}

function preparePrivateEndpoint(body: ArmBody): void {
  for (const c of records(body.properties?.privateLinkServiceConnections)) {
    const name = typeof c.name === 'string' ? c.name : 'connection';
    c.name = name;
    c.id = `${body.id}/privateLinkServiceConnections/${name}`;
    const props = isRecord(c.properties) ? c.properties : {};
    props.privateLinkServiceConnectionState = {
      status: 'Approved',
      description: 'Auto-Approved',
      actionsRequired: 'None',
    };
    props.provisioningState = 'Succeeded';
    c.properties = props;
  }
  body.properties ??= {};
  body.properties.networkInterfaces ??= [];
}

function afterPrivateEndpointWrite(body: ArmBody, ctx: WriteContext): void {
  const env = ctx.env;
  const connected = new Set(
    connectionsOf(env, body.id).map((b) =>
      b.id.toLowerCase().replace(/\/privateendpointconnections\/[^/]+$/, ''),
    ),
  );
  for (const c of records(body.properties?.privateLinkServiceConnections)) {
    const props = isRecord(c.properties) ? c.properties : {};
    const targetId =
      typeof props.privateLinkServiceId === 'string' ? props.privateLinkServiceId : '';
    const target = env.store.get(targetId);
    if (!target || connected.has(target.id.toLowerCase())) continue;
    const groupIds = Array.isArray(props.groupIds)
      ? props.groupIds.filter((g): g is string => typeof g === 'string')
      : [];
    connectPrivateEndpoint(env, target, body.id, groupIds);
  }
}

export const privateEndpointBehaviour: TypeBehaviour = {
  validate: validatePrivateEndpoint,
  prepare: preparePrivateEndpoint,
  afterWrite: afterPrivateEndpointWrite,
  afterDelete: (existing, env) => {
    disconnectPrivateEndpoint(env, existing.id);
  },
};

// ---- virtual networks and subnets ----

/** Subnets written inline in a virtual network become child resources. */
export function explodeSubnets(env: ArmEnv, vnet: ArmBody): void {
  const subnets = vnet.properties?.subnets;
  if (!Array.isArray(subnets)) return;
  for (const s of records(subnets)) {
    if (typeof s.name !== 'string') continue;
    const subnet: ArmBody = {
      id: `${vnet.id}/subnets/${s.name}`,
      name: s.name,
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        ...(isRecord(s.properties) ? s.properties : {}),
        provisioningState: 'Succeeded',
      },
    };
    if (typeof s.etag === 'string') subnet.etag = s.etag;
    env.store.put(subnet);
  }
}

export const virtualNetworkBehaviour: TypeBehaviour = {
  afterWrite: (body, ctx) => {
    explodeSubnets(ctx.env, body);
    const stored = ctx.env.store.get(body.id);
    if (stored?.properties) {
      delete stored.properties.subnets;
      ctx.env.store.put(stored);
    }
  },
  compose: (body, env) => {
    body.properties ??= {};
    body.properties.subnets = env.store.list({
      parentId: body.id,
      type: 'Microsoft.Network/virtualNetworks/subnets',
    });
    return body;
  },
};
