import type { ArmResource, Snapshot } from '../../domain';
import { isRecord, readPath, sameText } from '../../rules/paths';

/** The workspace's private endpoint connections: the reader's listing, else the body's copy. */
export function connectionsOf(
  snapshot: Snapshot,
  resource: ArmResource,
): Record<string, unknown>[] {
  const list: unknown =
    snapshot.related.privateEndpointConnections ??
    readPath(resource, 'properties.privateEndpointConnections');
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** Whether a connection from this private endpoint is Approved. */
export function hasApprovedConnection(
  connections: readonly Record<string, unknown>[],
  privateEndpointId: string,
): boolean {
  return connections.some((connection) => {
    const pe = readPath(connection, 'properties.privateEndpoint.id');
    const status = readPath(connection, 'properties.privateLinkServiceConnectionState.status');
    return (
      typeof pe === 'string' &&
      pe.toLowerCase() === privateEndpointId.toLowerCase() &&
      sameText(status, 'Approved')
    );
  });
}

/**
 * The private endpoints with an Approved connection, lower-cased and sorted: the value the
 * plan records, so undo can tell whether the workspace still holds what ward left.
 */
export function approvedPrivateEndpoints(
  connections: readonly Record<string, unknown>[],
): string[] {
  return connections
    .filter((connection) =>
      sameText(
        readPath(connection, 'properties.privateLinkServiceConnectionState.status'),
        'Approved',
      ),
    )
    .map((connection) => readPath(connection, 'properties.privateEndpoint.id'))
    .filter((id): id is string => typeof id === 'string')
    .map((id) => id.toLowerCase())
    .sort();
}
