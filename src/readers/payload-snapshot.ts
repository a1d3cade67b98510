import type {
  ArmResource,
  DiagnosticSetting,
  RelatedData,
  ResourcePayload,
  Snapshot,
  StorageService,
} from '../domain';
import { SECRET_RESOURCE_TYPE } from '../domain';
import { apiVersionFor } from '../azure/api-versions';
import { armSecretSchema } from './arm-secrets';
import { secretSnapshot } from './secret-reader';
import { parseResourceId } from '../azure/resource-id';
import { mergeRelated, relatedReadsFor } from './arm-readers';
import { booleanPaths } from './payload-coverage';
import type { RelatedContext, RelatedRead } from './related';
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
 * A secret from its vault's ARM list, keyed by its data-plane id; undefined when the item is not
 * a secret's body as ARM writes it (the caller then reads the secret).
 */
function listedSecretSnapshot(payload: ResourcePayload, resourceId: string): Snapshot | undefined {
  const parsed = armSecretSchema.safeParse(payload.resource);
  if (!parsed.success) return undefined;
  const snapshot = secretSnapshot(
    parsed.data,
    resourceId,
    payload.stateTime ?? new Date().toISOString(),
  );
  return { ...snapshot, judgedFrom: payload.origin };
}

/**
 * A snapshot from a payload ward did not read: the body as the event or Resource Graph gave
 * it (booleans restored), without related data yet, or a secret from its vault's ARM list
 * (`resourceId`: its data-plane id). Undefined for a type ward has no reader for, so the
 * caller reads instead.
 */
export function payloadBodySnapshot(
  payload: ResourcePayload,
  resourceId: string = payload.resource.id,
): Snapshot | undefined {
  if (payload.resource.type.toLowerCase() === SECRET_RESOURCE_TYPE.toLowerCase()) {
    return payload.origin === 'arm-list' ? listedSecretSnapshot(payload, resourceId) : undefined;
  }
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

/** Diagnostic settings kept from an earlier read, for a payload judged without re-reading them. */
export interface CachedRelated {
  /** `use`: judge from a fresh-enough entry; `refresh`: read and keep (the sweep). */
  mode: 'use' | 'refresh';
  get(resourceId: string, part: string): Promise<DiagnosticSetting[] | undefined>;
  put(resourceId: string, part: string, settings: DiagnosticSetting[]): Promise<void>;
}

/** The settings a diagnostic-settings part of RelatedData holds, or undefined for other parts. */
export function cacheableSettings(
  part: string,
  data: RelatedData,
): DiagnosticSetting[] | undefined {
  if (part === 'diagnosticSettings') return data.diagnosticSettings;
  const service = /^serviceDiagnosticSettings\.(\w+)$/.exec(part)?.[1];
  if (service === undefined) return undefined;
  return data.serviceDiagnosticSettings?.[service as StorageService];
}

function fromSettings(part: string, settings: DiagnosticSetting[]): RelatedData {
  if (part === 'diagnosticSettings') return { diagnosticSettings: settings };
  const service = part.slice('serviceDiagnosticSettings.'.length) as StorageService;
  return { serviceDiagnosticSettings: { [service]: settings } };
}

function isCacheable(read: RelatedRead): boolean {
  return read.key === 'diagnosticSettings' || read.key === 'serviceDiagnosticSettings';
}

/** One related read, answered from the cache when it may be and kept there when read. */
async function relatedPart(
  read: RelatedRead,
  context: RelatedContext,
  cache: CachedRelated | undefined,
): Promise<RelatedData> {
  if (!cache || !isCacheable(read)) return read.read(context);
  const id = context.resource.id;
  // The cache is an optimisation: when Tables fails, the settings are read through ARM.
  const cached =
    cache.mode === 'use' ? await cache.get(id, read.part).catch(() => undefined) : undefined;
  if (cached) return fromSettings(read.part, cached);
  const data = await read.read(context);
  const settings = cacheableSettings(read.part, data);
  if (settings) await cache.put(id, read.part, settings).catch(() => undefined);
  return data;
}

/**
 * Adds the related data the type's rules need to a payload's snapshot, read through ARM as for
 * any snapshot (a payload never holds diagnostic settings or a NIC's public IPs), or, with a
 * cache, diagnostic settings from ward's own earlier read of them.
 */
export async function withRelated(
  snapshot: Snapshot,
  deps: ReaderDeps,
  cache?: CachedRelated,
): Promise<ReadResult> {
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
      reads.map((read) => relatedPart(read, { client, resource, apiVersion }, cache)),
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
