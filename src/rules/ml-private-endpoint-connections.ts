import type { ArmResource, Snapshot } from '../domain';
import { isRecord, readPath, sameText } from './paths';

export const BODY_CONNECTIONS_PATH = 'properties.privateEndpointConnections';
export const RELATED_CONNECTIONS_PATH = 'related.privateEndpointConnections';
const STATUS_PATH = 'properties.privateLinkServiceConnectionState.status';

export type ConnectionsRead =
  | {
      ok: true;
      /** Where the list was read: the reader's own listing wins over the body's copy. */
      path: string;
      /** Each connection's `privateLinkServiceConnectionState.status` (undefined when absent). */
      statuses: unknown[];
      approved: number;
      /** True when neither the reader nor the body gave a list (the body omits an empty one). */
      absent: boolean;
    }
  | { ok: false; path: string; actual: unknown; problem: string };

/**
 * The workspace's private endpoint connections. The reader may list them through their own API
 * into `related`; otherwise the workspace body carries them under `properties`.
 */
export function readConnections(snapshot: Snapshot, body: ArmResource): ConnectionsRead {
  const fromRelated = snapshot.related.privateEndpointConnections;
  const path = fromRelated !== undefined ? RELATED_CONNECTIONS_PATH : BODY_CONNECTIONS_PATH;
  const list: unknown = fromRelated ?? readPath(body, BODY_CONNECTIONS_PATH);
  if (list === undefined || list === null) {
    return { ok: true, path, statuses: [], approved: 0, absent: true };
  }
  if (!Array.isArray(list)) {
    return { ok: false, path, actual: list, problem: `${path} is not an array.` };
  }
  const statuses: unknown[] = [];
  for (const [index, connection] of list.entries()) {
    if (!isRecord(connection)) {
      return { ok: false, path, actual: list, problem: `${path}[${index}] is not an object.` };
    }
    const status = readPath(connection, STATUS_PATH);
    if (status !== undefined && typeof status !== 'string') {
      return {
        ok: false,
        path,
        actual: list,
        problem: `${path}[${index}].${STATUS_PATH} is not a string.`,
      };
    }
    statuses.push(status);
  }
  const approved = statuses.filter((status) => sameText(status, 'Approved')).length;
  return { ok: true, path, statuses, approved, absent: false };
}
