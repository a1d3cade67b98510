import type { RelatedData, Snapshot } from '../domain';
import { apiVersionFor } from '../azure/api-versions';
import { AzureError } from '../azure/errors';
import { parseResourceId } from '../azure/resource-id';
import { armGet } from './arm-get';
import { parseArmResource } from './arm-resource';
import { mergeRelated, relatedReadsFor } from './arm-readers';
import type { RelatedKey } from './related';
import { isSecretId, readSecret } from './secret-reader';
import type { ReadResult, ReadWarning, ReaderDeps } from './types';

export interface ReadOptions {
  /**
   * Related data to read, when fewer than the type's reader would (e.g. the rules needing the
   * rest are off). Defaults to all the type's related reads.
   */
  related?: ReadonlySet<RelatedKey>;
}

/**
 * Reads the current state of one resource into a Snapshot: an ARM resource id (dispatching on
 * its type, case-insensitively) or a Key Vault secret identifier URL.
 * - 404 on the resource → `{ kind: 'gone' }`.
 * - A failure reading the resource → a coded AzureError (`retryable` says whether to retry).
 * - A failure reading related data → that key absent (rules needing it answer skip) and a warning.
 */
export async function readSnapshot(
  resourceId: string,
  deps: ReaderDeps,
  options: ReadOptions = {},
): Promise<ReadResult> {
  if (isSecretId(resourceId)) return readSecret(resourceId, deps);

  const parsed = parseResourceId(resourceId);
  const reads = relatedReadsFor(parsed.type);
  if (!reads) {
    throw new AzureError(
      'unknown-resource-type',
      `ward has no reader for ${parsed.type} (${resourceId})`,
      {
        retryable: false,
      },
    );
  }
  const apiVersion = apiVersionFor(parsed.type);
  const client = await deps.clients.resources(parsed.subscriptionId);
  const result = await armGet(client, resourceId, apiVersion);
  if (!result.found) return { kind: 'gone', resourceId };
  const resource = parseArmResource(result.body, resourceId);
  const readAt = (deps.now?.() ?? new Date()).toISOString();

  const related: RelatedData = {};
  const warnings: ReadWarning[] = [];
  const wanted = reads.filter((read) => !options.related || options.related.has(read.key));
  const outcomes = await Promise.allSettled(
    wanted.map((read) => read.read({ client, resource, apiVersion })),
  );
  outcomes.forEach((outcome, index) => {
    const read = wanted[index];
    if (!read) return;
    if (outcome.status === 'fulfilled') {
      mergeRelated(related, outcome.value);
    } else {
      const reason: unknown = outcome.reason;
      warnings.push({
        key: read.part,
        message: reason instanceof Error ? reason.message : String(reason),
      });
    }
  });

  const snapshot: Snapshot = {
    resourceId: resource.id,
    resourceType: resource.type,
    subject: { kind: 'arm', resource },
    related,
    apiVersion,
    readAt,
    ...(typeof resource.etag === 'string' ? { etag: resource.etag } : {}),
  };
  return { kind: 'snapshot', snapshot, warnings };
}
