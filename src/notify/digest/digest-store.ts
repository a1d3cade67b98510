import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { statusOf } from '../../store/errors';
import { digestItemSchema, type CardClass, type DigestItem } from './digest-item';

const ITEMS = 'item';
const BUDGET = 'budget';
const LEASE = 'lease';
const LEASE_ROW = 'flush';
/** Entity group transactions hold at most 100 operations of one partition. */
const BATCH = 100;
const ATTEMPTS = 6;
const countSchema = z.int().min(0);
const untilSchema = z.iso.datetime();

export interface StoredDigestItem extends DigestItem {
  id: string;
}

export class DigestStoreError extends Error {
  constructor(
    readonly code: 'corrupt-item',
    message: string,
  ) {
    super(message);
    this.name = 'DigestStoreError';
  }
}

/**
 * The digest queue and the channel's noise budget, in one table. Items wait here until a flush
 * has posted the digest that shows them (then they are deleted), so an invocation that dies
 * leaves them for the next flush: a digest may come twice, an item is never lost.
 */
export interface DigestStore {
  /** Queues the items; answers their ids, in order. */
  add(items: readonly DigestItem[]): Promise<string[]>;
  /** Every queued item, oldest first. */
  list(): Promise<StoredDigestItem[]>;
  remove(ids: readonly string[]): Promise<void>;
  /**
   * Counts one card of a class against the window starting at `windowStart`; false when the
   * window's budget is spent (or the count could not be kept: the card then waits in the digest).
   */
  take(cls: CardClass, limit: number, windowStart: Date): Promise<boolean>;
  /** Holds the flush for `ms`; false while another flush holds it. */
  lease(now: Date, ms: number): Promise<boolean>;
  release(): Promise<void>;
  /** Drops budget rows of windows that ended before `before`. */
  prune(before: Date): Promise<number>;
}

export function createDigestStore(table: () => Promise<TableClient>): DigestStore {
  let leaseEtag: string | undefined;

  const upsertCount = async (
    client: TableClient,
    rowKey: string,
    limit: number,
  ): Promise<boolean> => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let current: { count: number; etag: string } | undefined;
      try {
        const entity = await client.getEntity(BUDGET, rowKey);
        current = { count: countSchema.parse(entity.count), etag: entity.etag };
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      if (current && current.count >= limit) return false;
      try {
        if (!current) {
          await client.createEntity({ partitionKey: BUDGET, rowKey, count: 1 });
        } else {
          await client.updateEntity(
            { partitionKey: BUDGET, rowKey, count: current.count + 1 },
            'Replace',
            { etag: current.etag },
          );
        }
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status !== 409 && status !== 412) throw error;
      }
    }
    return false;
  };

  return {
    async add(items) {
      if (items.length === 0) return [];
      const client = await table();
      const at = Date.now().toString(36);
      const ids = items.map(
        (item, index) => `${item.at}_${at}_${String(index).padStart(4, '0')}_${randomUUID()}`,
      );
      const actions: TransactionAction[] = items.map((item, index) => [
        'create',
        { partitionKey: ITEMS, rowKey: ids[index] ?? randomUUID(), ...definedFields(item) },
      ]);
      for (let start = 0; start < actions.length; start += BATCH) {
        await client.submitTransaction(actions.slice(start, start + BATCH));
      }
      return ids;
    },
    async list() {
      const client = await table();
      const items: StoredDigestItem[] = [];
      for await (const raw of client.listEntities({
        queryOptions: { filter: `PartitionKey eq '${ITEMS}'` },
      })) {
        const parsed = digestItemSchema.safeParse(raw);
        if (!parsed.success) {
          throw new DigestStoreError(
            'corrupt-item',
            `digest item ${String(raw.rowKey)} is malformed: ${parsed.error.message}`,
          );
        }
        items.push({ ...parsed.data, id: String(raw.rowKey) });
      }
      return items.sort((a, b) => a.id.localeCompare(b.id));
    },
    async remove(ids) {
      const client = await table();
      for (let start = 0; start < ids.length; start += BATCH) {
        const chunk = ids.slice(start, start + BATCH);
        try {
          await client.submitTransaction(
            chunk.map((rowKey): TransactionAction => ['delete', { partitionKey: ITEMS, rowKey }]),
          );
        } catch {
          // One item already gone fails the batch: delete them one by one, ignoring the gone.
          for (const rowKey of chunk) {
            await client.deleteEntity(ITEMS, rowKey).catch((error: unknown) => {
              if (statusOf(error) !== 404) throw error;
            });
          }
        }
      }
    },
    async take(cls, limit, windowStart) {
      if (limit <= 0) return false;
      const client = await table();
      return upsertCount(client, `${windowStart.toISOString()}_${cls}`, limit);
    },
    async lease(now, ms) {
      const client = await table();
      const until = new Date(now.getTime() + ms).toISOString();
      try {
        const entity = await client.getEntity(LEASE, LEASE_ROW);
        if (Date.parse(untilSchema.parse(entity.until)) > now.getTime()) return false;
        const response = await client.updateEntity(
          { partitionKey: LEASE, rowKey: LEASE_ROW, until },
          'Replace',
          { etag: entity.etag },
        );
        leaseEtag = response.etag;
        return true;
      } catch (error) {
        const status = statusOf(error);
        if (status === 412) return false;
        if (status !== 404) throw error;
      }
      try {
        const response = await client.createEntity({
          partitionKey: LEASE,
          rowKey: LEASE_ROW,
          until,
        });
        leaseEtag = response.etag;
        return true;
      } catch (error) {
        if (statusOf(error) === 409) return false;
        throw error;
      }
    },
    async release() {
      if (leaseEtag === undefined) return;
      const client = await table();
      const etag = leaseEtag;
      leaseEtag = undefined;
      await client
        .updateEntity(
          { partitionKey: LEASE, rowKey: LEASE_ROW, until: new Date(0).toISOString() },
          'Replace',
          { etag },
        )
        .catch((error: unknown) => {
          // Taken over after the lease ran out: the other flush owns it now.
          if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
        });
    },
    async prune(before) {
      const client = await table();
      let removed = 0;
      const bound = before.toISOString();
      for await (const entity of client.listEntities({
        queryOptions: {
          filter: `PartitionKey eq '${BUDGET}' and RowKey lt '${bound}'`,
          select: ['PartitionKey', 'RowKey'],
        },
      })) {
        await client.deleteEntity(BUDGET, String(entity.rowKey)).then(
          () => {
            removed += 1;
          },
          (error: unknown) => {
            if (statusOf(error) !== 404) throw error;
          },
        );
      }
      return removed;
    },
  };
}

/** Tables would store an absent optional field as an empty property; leave it out instead. */
function definedFields(item: DigestItem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(item)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
