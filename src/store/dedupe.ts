import { z } from 'zod';
import { deleteMatching } from './delete-matching';
import { StoreError, statusOf } from './errors';
import { claimEvent, completeEvent, eventState, releaseEvent, SEEN_ROW } from './event-lease';
import type { EventClaim, EventState } from './event-lease';
import { opaqueKey, resourceKey } from './keys';
import type { TableStore } from './tables';
import { TABLE_NAMES } from './tables';

export interface Dedupe {
  /**
   * Records the event id; true only for the first caller ever to record it. Atomic across
   * processes: the insert fails with 409 when the id is already there.
   */
  markEventSeen(eventId: string, now?: Date): Promise<boolean>;
  /**
   * Claims the event id as a lease of `leaseMs` (see event-lease): the handler that dies
   * mid-way leaves a lease that runs out, so a later redelivery is handled, not dropped.
   */
  claimEvent(eventId: string, now: Date, leaseMs: number): Promise<EventClaim>;
  /** The event was handled to the end: later deliveries are duplicates. */
  completeEvent(eventId: string, now: Date): Promise<void>;
  /** Whether an event is unclaimed, leased (and whether the lease ran out) or done. */
  eventState(eventId: string, now: Date): Promise<EventState>;
  /**
   * Forgets one event id, so a delivery that failed transiently is handled when Event Grid
   * delivers it again (the id was claimed before the work that failed).
   */
  forgetEvent(eventId: string): Promise<void>;
  /**
   * Gives a held lease up at once after a transient failure: the redelivery is handled, and
   * its claim says an earlier handling came first (`takenOver`).
   */
  releaseEvent(eventId: string, now: Date): Promise<void>;
  /**
   * False when the resource was evaluated strictly after `eventTime` (that read already saw the
   * change). True otherwise, including when the resource was never evaluated.
   */
  shouldEvaluate(resourceId: string, eventTime: Date | string): Promise<boolean>;
  /**
   * Moves the resource's watermark forward to `evaluatedAt` (the time of the read the
   * evaluation used). Never moves it back; concurrent writers are resolved with etags.
   */
  recordEvaluated(resourceId: string, evaluatedAt: Date | string): Promise<void>;
  /** The watermark, or undefined when the resource was never evaluated. */
  lastEvaluated(resourceId: string): Promise<Date | undefined>;
  /**
   * Forgets event ids first seen before `before` (Event Grid stops retrying after 24 hours, so
   * older ids cannot come back). Returns how many were removed. Meant for the sweep timer.
   */
  pruneSeenEvents(before: Date): Promise<number>;
}

export interface DedupeOptions {
  clock?: () => Date;
  /** Attempts of the etag-guarded watermark update before STORE_CONFLICT. */
  maxAttempts?: number;
}

const WATERMARK_ROW = 'watermark';

const watermarkSchema = z.object({
  etag: z.string(),
  resourceId: z.string(),
  evaluatedAt: z.iso.datetime(),
});

function toDate(value: Date | string, what: string): Date {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) {
    throw new StoreError('STORE_INVALID_INPUT', `${what} ${JSON.stringify(value)} is not a time.`);
  }
  return date;
}

/**
 * Event dedupe (`WardSeenEvents`, one partition per hashed event id) and per-resource
 * evaluation watermarks (`WardWatermarks`, one partition per hashed, case-folded resource id).
 */
export function createDedupe(tables: TableStore, options: DedupeOptions = {}): Dedupe {
  const clock = options.clock ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 20;

  async function readWatermark(resourceId: string) {
    const table = await tables.table(TABLE_NAMES.watermarks);
    try {
      const raw = await table.getEntity(resourceKey(resourceId), WATERMARK_ROW);
      const parsed = watermarkSchema.safeParse(raw);
      if (!parsed.success) {
        throw new StoreError(
          'STORE_INVALID_ENTITY',
          `Watermark of ${resourceId} is malformed: ${z.prettifyError(parsed.error)}`,
        );
      }
      return { etag: parsed.data.etag, evaluatedAtMs: Date.parse(parsed.data.evaluatedAt) };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  return {
    async markEventSeen(eventId, now) {
      if (eventId.length === 0) {
        throw new StoreError('STORE_INVALID_INPUT', 'An event id is needed to dedupe an event.');
      }
      const table = await tables.table(TABLE_NAMES.seenEvents);
      try {
        await table.createEntity({
          partitionKey: opaqueKey(eventId),
          rowKey: SEEN_ROW,
          eventId: eventId.slice(0, 1_000),
          seenAt: (now ?? clock()).toISOString(),
        });
        return true;
      } catch (error) {
        if (statusOf(error) === 409) return false;
        throw error;
      }
    },

    async claimEvent(eventId, now, leaseMs) {
      return claimEvent(await tables.table(TABLE_NAMES.seenEvents), eventId, now, leaseMs);
    },

    async completeEvent(eventId, now) {
      await completeEvent(await tables.table(TABLE_NAMES.seenEvents), eventId, now);
    },

    async eventState(eventId, now) {
      return eventState(await tables.table(TABLE_NAMES.seenEvents), eventId, now);
    },

    async releaseEvent(eventId, now) {
      await releaseEvent(await tables.table(TABLE_NAMES.seenEvents), eventId, now);
    },

    async forgetEvent(eventId) {
      const table = await tables.table(TABLE_NAMES.seenEvents);
      try {
        await table.deleteEntity(opaqueKey(eventId), SEEN_ROW);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },

    async shouldEvaluate(resourceId, eventTime) {
      const event = toDate(eventTime, 'Event time');
      const watermark = await readWatermark(resourceId);
      // Equal times are ambiguous (the read may precede the write in that millisecond): read again.
      return watermark === undefined || watermark.evaluatedAtMs <= event.getTime();
    },

    async recordEvaluated(resourceId, evaluatedAt) {
      const at = toDate(evaluatedAt, 'Evaluation time').getTime();
      const table = await tables.table(TABLE_NAMES.watermarks);
      const entity = {
        partitionKey: resourceKey(resourceId),
        rowKey: WATERMARK_ROW,
        resourceId,
        evaluatedAt: new Date(at).toISOString(),
      };
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const current = await readWatermark(resourceId);
        if (current && current.evaluatedAtMs >= at) return;
        try {
          if (current) {
            await table.updateEntity(entity, 'Replace', { etag: current.etag });
          } else {
            await table.createEntity(entity);
          }
          return;
        } catch (error) {
          const status = statusOf(error);
          // Someone else wrote in between: read again and decide again.
          if (status !== 409 && status !== 412) throw error;
        }
      }
      throw new StoreError(
        'STORE_CONFLICT',
        `Watermark of ${resourceId} kept changing under ${maxAttempts} attempts to update it.`,
      );
    },

    async lastEvaluated(resourceId) {
      const watermark = await readWatermark(resourceId);
      return watermark ? new Date(watermark.evaluatedAtMs) : undefined;
    },

    async pruneSeenEvents(before) {
      const table = await tables.table(TABLE_NAMES.seenEvents);
      const filter = `seenAt lt '${before.toISOString()}'`;
      return deleteMatching(table, filter);
    },
  };
}
