import { z } from 'zod';
import { StoreError, statusOf } from './errors';
import { opaqueKey, resourceKey } from './keys';
import type { TableStore } from './tables';

/** The table (before the prefix) holding the marks of writes that may not be settled yet. */
export const INTENT_MARKS_TABLE = 'WardIntentMarks';

/** What a mark names: the write of one action for one finding of one event. */
export interface IntentMarkKey {
  eventId: string;
  fingerprint: string;
  actionId: string;
}

export interface IntentMark extends IntentMarkKey {
  markedAt: string;
}

/**
 * Marks a resource as having a write in flight, one row per write, set before its ledger intent
 * and removed once the intent is settled. A handling finds crashed writes by reading this small
 * partition instead of the resource's whole ledger history, which grows for as long as ward runs.
 */
export interface IntentMarks {
  mark(resourceId: string, key: IntentMarkKey, now: Date): Promise<void>;
  /** The marks of a resource, oldest first. */
  list(resourceId: string): Promise<IntentMark[]>;
  /** Every mark, by resource key (`resourceKey`), for a sweep looking at many resources. */
  listAll(): Promise<Map<string, IntentMark[]>>;
  /** Removes a mark; absent already is fine. */
  unmark(resourceId: string, key: IntentMarkKey): Promise<void>;
}

const markSchema = z.object({
  eventId: z.string(),
  fingerprint: z.string(),
  actionId: z.string(),
  markedAt: z.string(),
});

function rowKeyOf(key: IntentMarkKey): string {
  return opaqueKey(`${key.eventId}\n${key.fingerprint}\n${key.actionId}`);
}

export function createIntentMarks(tables: TableStore): IntentMarks {
  const table = () => tables.table(INTENT_MARKS_TABLE);

  async function read(filter: string | undefined): Promise<Map<string, IntentMark[]>> {
    const client = await table();
    const marks = new Map<string, IntentMark[]>();
    for await (const raw of client.listEntities({
      queryOptions: filter === undefined ? {} : { filter },
    })) {
      const parsed = markSchema.safeParse(raw);
      if (!parsed.success) {
        throw new StoreError(
          'STORE_INVALID_ENTITY',
          `Intent mark ${String(raw.rowKey)} is malformed: ${z.prettifyError(parsed.error)}`,
        );
      }
      const key = String(raw.partitionKey);
      marks.set(key, [...(marks.get(key) ?? []), parsed.data]);
    }
    for (const list of marks.values()) list.sort((a, b) => a.markedAt.localeCompare(b.markedAt));
    return marks;
  }
  return {
    async mark(resourceId, key, now) {
      // Upsert: a redelivery of the same event marks the same write again.
      await (
        await table()
      ).upsertEntity(
        {
          partitionKey: resourceKey(resourceId),
          rowKey: rowKeyOf(key),
          eventId: key.eventId,
          fingerprint: key.fingerprint,
          actionId: key.actionId,
          markedAt: now.toISOString(),
        },
        'Replace',
      );
    },

    async list(resourceId) {
      const key = resourceKey(resourceId);
      return (await read(`PartitionKey eq '${key}'`)).get(key) ?? [];
    },

    listAll: () => read(undefined),

    async unmark(resourceId, key) {
      try {
        await (await table()).deleteEntity(resourceKey(resourceId), rowKeyOf(key));
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },
  };
}
