import type { ArmBody } from '../../state';
import type { ArmEnv } from '../env';

/** Folds a resource's `privateEndpointConnections` children into its properties, as GET shows them. */
export function composePrivateEndpointConnections(body: ArmBody, env: ArmEnv): ArmBody {
  const children = env.store.list({
    parentId: body.id,
    type: `${body.type}/privateEndpointConnections`,
  });
  body.properties ??= {};
  body.properties.privateEndpointConnections = children;
  return body;
}

/**
 * The same, for providers that leave the member out while there is no connection: Key Vault and
 * Machine Learning (the recorded vault and workspace GETs in test/fixtures/recorded carry none,
 * while Cognitive Services and Storage answer `[]`). A reader then lists them through their API.
 */
export function composePrivateEndpointConnectionsOmittingNone(body: ArmBody, env: ArmEnv): ArmBody {
  composePrivateEndpointConnections(body, env);
  const connections = body.properties?.privateEndpointConnections;
  if (Array.isArray(connections) && connections.length === 0) {
    delete body.properties?.privateEndpointConnections;
  }
  return body;
}

/** Adds the Approved connection a private endpoint makes to its target. */
export function connectPrivateEndpoint(
  env: ArmEnv,
  target: ArmBody,
  privateEndpointId: string,
  groupIds: readonly string[],
): string {
  const peName = privateEndpointId.split('/').pop() ?? 'pe';
  const id = `${target.id}/privateEndpointConnections/${peName}.${env.random.uuid()}`;
  const connection: ArmBody = {
    id,
    name: id.split('/').pop() ?? peName,
    type: `${target.type}/privateEndpointConnections`,
    properties: {
      privateEndpoint: { id: privateEndpointId },
      privateLinkServiceConnectionState: {
        status: 'Approved',
        description: 'Auto-Approved',
        actionsRequired: 'None',
      },
      groupIds: [...groupIds],
      provisioningState: 'Succeeded',
    },
  };
  if (target.location) connection.location = target.location;
  env.store.put(connection);
  return id;
}

/** Removes every connection that names this private endpoint. */
export function disconnectPrivateEndpoint(env: ArmEnv, privateEndpointId: string): void {
  for (const connection of connectionsOf(env, privateEndpointId)) env.store.delete(connection.id);
}

/** Every private endpoint connection, on any target, that names this private endpoint. */
export function connectionsOf(env: ArmEnv, privateEndpointId: string): ArmBody[] {
  const key = privateEndpointId.toLowerCase();
  return env.store.list({
    where: (body) => {
      if (!body.type.toLowerCase().endsWith('/privateendpointconnections')) return false;
      const pe = body.properties?.privateEndpoint;
      const peId =
        typeof pe === 'object' && pe !== null && 'id' in pe && typeof pe.id === 'string'
          ? pe.id
          : undefined;
      return peId?.toLowerCase() === key;
    },
  });
}
