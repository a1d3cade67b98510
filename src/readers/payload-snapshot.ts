import type { ArmResource, RelatedData, ResourcePayload, Snapshot } from '../domain';
import { apiVersionFor } from '../azure/api-versions';
import { parseResourceId } from '../azure/resource-id';
import { mergeRelated, relatedReadsFor } from './arm-readers';
import { booleanPaths } from './payload-coverage';
import type { ReadResult, ReadWarning, ReaderDeps } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Azure Resource Notifications write booleans as 1/0. The paths rules read as booleans are
 * turned back (only 1 and 0: anything else stays, so the rule answers `error`); other numbers
 * are left alone, because a count of 0 is not false.
 */
export function normaliseBooleans(resource: ArmResource, paths: readonly string[]): ArmResource {
  const copy = structuredClone(resource);
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop();
    if (last === undefined) continue;
    let node: unknown = copy;
    for (const key of keys) node = isRecord(node) ? node[key] : undefined;
    if (!isRecord(node)) continue;
    const value = node[last];
    if (value === 1) node[last] = true;
    else if (value === 0) node[last] = false;
  }
  return copy;
}

/** Whether a dotted path holds a value (not absent, not null). */
export function hasPath(value: unknown, path: string): boolean {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return false;
    current = current[key];
  }
  return current !== undefined && current !== null;
}

/**
 * A snapshot from a payload ward did not read: the body as the event or Resource Graph gave
 * it (booleans restored), without related data yet. Undefined for a type ward has no reader
 * for, so the caller reads instead.
 */
export function payloadBodySnapshot(payload: ResourcePayload): Snapshot | undefined {
  if (!relatedReadsFor(payload.resource.type)) return undefined;
  const resource = normaliseBooleans(payload.resource, booleanPaths());
  return {
    resourceId: resource.id,
    resourceType: resource.type,
    subject: { kind: 'arm', resource },
    related: {},
    judgedFrom: payload.origin,
    ...(payload.apiVersion ? { apiVersion: payload.apiVersion } : {}),
    ...(payload.stateTime ? { readAt: payload.stateTime } : {}),
  };
}

/**
 * Adds the related data the type's rules need to a payload's snapshot, read through ARM as for
 * any snapshot (a payload never holds diagnostic settings or a NIC's public IPs).
 */
export async function withRelated(snapshot: Snapshot, deps: ReaderDeps): Promise<ReadResult> {
  const reads = relatedReadsFor(snapshot.resourceType) ?? [];
  const resource = snapshot.subject.kind === 'arm' ? snapshot.subject.resource : undefined;
  const related: RelatedData = {};
  const warnings: ReadWarning[] = [];
  if (resource && reads.length > 0) {
    const { subscriptionId } = parseResourceId(resource.id);
    const client = await deps.clients.resources(subscriptionId);
    // Related lists are read at the pinned version, whatever version the payload was written at.
    const apiVersion = apiVersionFor(resource.type);
    const outcomes = await Promise.allSettled(
      reads.map((read) => read.read({ client, resource, apiVersion })),
    );
    outcomes.forEach((outcome, index) => {
      const read = reads[index];
      if (!read) return;
      if (outcome.status === 'fulfilled') mergeRelated(related, outcome.value);
      else {
        const reason: unknown = outcome.reason;
        warnings.push({
          key: read.part,
          message: reason instanceof Error ? reason.message : String(reason),
        });
      }
    });
  }
  return { kind: 'snapshot', snapshot: { ...snapshot, related }, warnings };
}
