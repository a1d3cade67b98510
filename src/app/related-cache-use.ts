import type { ChangeSignal } from '../domain';
import { cacheableSettings, relatedReadsFor } from '../readers';
import type { CachedRelated, ReadResult } from '../readers';
import type { WardContext } from './context';

/**
 * How a signal's payload uses the related-data cache: an Azure Resource Notifications payload
 * is judged beside cached diagnostic settings; a Resource Graph row (the sweep) reads them and
 * refreshes the cache. Undefined when the cache is off.
 */
export function cacheFor(ctx: WardContext, signal: ChangeSignal): CachedRelated | undefined {
  const cache = ctx.relatedCache;
  if (!cache) return undefined;
  return {
    mode: signal.payload?.origin === 'resource-graph' ? 'refresh' : 'use',
    get: (resourceId, part) => cache.get(resourceId, part, ctx.now()),
    put: (resourceId, part, settings) => cache.put(resourceId, part, settings, ctx.now()),
  };
}

/**
 * A fresh ARM read replaces the cached diagnostic settings (this is how a subscription-topic
 * event for a diagnostic setting, judged on its parent, invalidates the entry); a deleted
 * resource's entries go. The cache is an optimisation: a Tables failure here is logged as a
 * warning and changes nothing else (the entry runs out by its TTL).
 */
export async function rememberRead(ctx: WardContext, read: ReadResult): Promise<void> {
  const cache = ctx.relatedCache;
  if (!cache) return;
  try {
    if (read.kind === 'gone') {
      await cache.forget(read.resourceId);
      return;
    }
    const { snapshot } = read;
    if (snapshot.subject.kind !== 'arm') return;
    const readAt = snapshot.readAt ? new Date(snapshot.readAt) : ctx.now();
    const parts = (relatedReadsFor(snapshot.resourceType) ?? []).map((r) => r.part);
    await Promise.all(
      parts.flatMap((part) => {
        const settings = cacheableSettings(part, snapshot.related);
        return settings ? [cache.put(snapshot.resourceId, part, settings, readAt)] : [];
      }),
    );
  } catch (cause) {
    ctx.logger.warn({ err: cause }, 'related-data cache not updated');
  }
}
