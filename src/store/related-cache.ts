import { z } from 'zod';
import type { DiagnosticSetting } from '../domain';
import { diagnosticSettingSchema } from '../readers/related';
import { statusOf } from './errors';
import { resourceKey } from './keys';
import type { TableStore } from './tables';

/** The table (before the prefix) holding the related-data cache. */
export const RELATED_CACHE_TABLE = 'WardRelatedCache';

/**
 * Related data a payload never holds (a resource's diagnostic settings), kept from ward's own
 * last ARM read of it. Judging from it may miss a change until the entry is replaced (a fresh
 * read, a diagnostic-settings event, the sweep) or runs out; it never causes a write, because
 * every write re-reads the resource and its related data first.
 */
export interface RelatedCache {
  /** The settings of one related part (`diagnosticSettings`, `serviceDiagnosticSettings.blobServices`) read no longer than the TTL ago. */
  get(resourceId: string, part: string, now: Date): Promise<DiagnosticSetting[] | undefined>;
  /** Keeps what a read at `readAt` returned, unless the entry holds a later read already. */
  put(resourceId: string, part: string, settings: DiagnosticSetting[], readAt: Date): Promise<void>;
  /** Drops every part of a resource (its diagnostic settings changed, or it was deleted). */
  forget(resourceId: string): Promise<void>;
}

export interface RelatedCacheOptions {
  /** How long an entry is judged from; older entries are read again. */
  ttlMs: number;
}

/** Larger lists are not kept: a Tables string property holds 64 KiB. */
const MAX_JSON_CHARS = 30_000;

const entrySchema = z.object({
  etag: z.string(),
  readAt: z.iso.datetime(),
  settings: z.string(),
});

/** One partition per hashed, case-folded resource id; one row per related part. */
export function createRelatedCache(tables: TableStore, options: RelatedCacheOptions): RelatedCache {
  const table = () => tables.table(RELATED_CACHE_TABLE);

  async function readEntry(resourceId: string, part: string) {
    try {
      const entity = await (await table()).getEntity(resourceKey(resourceId), part);
      return entrySchema.parse(entity);
    } catch (cause) {
      if (statusOf(cause) === 404) return undefined;
      throw cause;
    }
  }

  return {
    async get(resourceId, part, now) {
      const entry = await readEntry(resourceId, part);
      if (!entry) return undefined;
      if (now.getTime() - Date.parse(entry.readAt) > options.ttlMs) return undefined;
      // A row that does not parse is a miss: the settings are read again.
      const parsed = z.array(diagnosticSettingSchema).safeParse(JSON.parse(entry.settings));
      return parsed.success ? parsed.data : undefined;
    },
    async put(resourceId, part, settings, readAt) {
      const json = JSON.stringify(settings);
      if (json.length > MAX_JSON_CHARS) return;
      const existing = await readEntry(resourceId, part);
      // A slower read that started earlier must not replace a later one.
      if (existing && Date.parse(existing.readAt) > readAt.getTime()) return;
      const client = await table();
      const entity = {
        partitionKey: resourceKey(resourceId),
        rowKey: part,
        resourceId,
        readAt: readAt.toISOString(),
        settings: json,
      };
      try {
        if (existing) await client.updateEntity(entity, 'Replace', { etag: existing.etag });
        else await client.createEntity(entity);
      } catch (cause) {
        // Another process wrote the entry meanwhile: its read is as good as this one.
        const status = statusOf(cause);
        if (status === 409 || status === 412) return;
        throw cause;
      }
    },
    async forget(resourceId) {
      const client = await table();
      const partition = resourceKey(resourceId);
      const rows = client.listEntities({
        queryOptions: { filter: `PartitionKey eq '${partition}'`, select: ['RowKey'] },
      });
      for await (const row of rows) {
        if (typeof row.rowKey !== 'string') continue;
        try {
          await client.deleteEntity(partition, row.rowKey);
        } catch (cause) {
          if (statusOf(cause) !== 404) throw cause;
        }
      }
    },
  };
}
