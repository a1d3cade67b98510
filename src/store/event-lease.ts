import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { StoreError, statusOf } from './errors';
import { opaqueKey } from './keys';

/**
 * What claiming an event id found:
 * - `claimed`: this caller holds the lease and handles the event (first delivery, or a
 *   redelivery after an earlier holder's lease ran out or was released: `takenOver`, and that
 *   earlier handling may have recorded part of the work);
 * - `in-progress`: another handler holds an unexpired lease; the caller gives the delivery back;
 * - `done`: the event was handled to the end; a redelivery is a duplicate.
 */
export type EventClaim =
  { kind: 'claimed'; takenOver: boolean } | { kind: 'in-progress'; until: Date } | { kind: 'done' };

/** The state of an event id in the seen-events table, for recovery decisions. */
export type EventState = 'none' | 'leased' | 'expired' | 'done';

export const SEEN_ROW = 'seen';

const seenSchema = z.object({
  etag: z.string(),
  /** Rows written before leases existed carry no state: they were handled. */
  state: z.enum(['leased', 'done']).optional(),
  leaseUntil: z.iso.datetime().optional(),
});

function seenRow(eventId: string, now: Date, state: 'leased' | 'done', leaseMs: number) {
  return {
    partitionKey: opaqueKey(eventId),
    rowKey: SEEN_ROW,
    eventId: eventId.slice(0, 1_000),
    seenAt: now.toISOString(),
    state,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
  };
}

async function readSeen(table: TableClient, eventId: string) {
  try {
    const raw = await table.getEntity(opaqueKey(eventId), SEEN_ROW);
    const parsed = seenSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StoreError(
        'STORE_INVALID_ENTITY',
        `Seen-event row of ${eventId} is malformed: ${z.prettifyError(parsed.error)}`,
      );
    }
    return parsed.data;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

function requireId(eventId: string): void {
  if (eventId.length === 0) {
    throw new StoreError('STORE_INVALID_INPUT', 'An event id is needed to dedupe an event.');
  }
}

/**
 * Claims an event id as a lease: the insert succeeds for one caller only (409 for the others),
 * and an expired lease is taken over with an etag-guarded replace, so two processes never both
 * hold it. A handler that dies leaves a lease that runs out, and the redelivery is handled.
 */
export async function claimEvent(
  table: TableClient,
  eventId: string,
  now: Date,
  leaseMs: number,
): Promise<EventClaim> {
  requireId(eventId);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await table.createEntity(seenRow(eventId, now, 'leased', leaseMs));
      return { kind: 'claimed', takenOver: false };
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    const current = await readSeen(table, eventId);
    // Released between the insert and the read: insert again.
    if (current === undefined) continue;
    if (current.state !== 'leased') return { kind: 'done' };
    const until = new Date(current.leaseUntil ?? 0);
    if (until.getTime() > now.getTime()) return { kind: 'in-progress', until };
    try {
      await table.updateEntity(seenRow(eventId, now, 'leased', leaseMs), 'Replace', {
        etag: current.etag,
      });
      return { kind: 'claimed', takenOver: true };
    } catch (error) {
      const status = statusOf(error);
      if (status !== 412 && status !== 404) throw error;
      // Someone else took it over (412) or released it (404): look again.
    }
  }
  // Kept changing under three looks: someone else is working on it.
  return { kind: 'in-progress', until: new Date(now.getTime() + leaseMs) };
}

/**
 * Gives the lease up at once (a transient failure): the redelivery takes it over like a lease
 * that ran out, and so knows an earlier handling may have recorded part of its work.
 */
export async function releaseEvent(table: TableClient, eventId: string, now: Date): Promise<void> {
  requireId(eventId);
  await table.upsertEntity(seenRow(eventId, now, 'leased', 0), 'Replace');
}

/** Marks the event handled: redeliveries from now on are duplicates. */
export async function completeEvent(table: TableClient, eventId: string, now: Date): Promise<void> {
  requireId(eventId);
  await table.upsertEntity(seenRow(eventId, now, 'done', 0), 'Replace');
}

export async function eventState(
  table: TableClient,
  eventId: string,
  now: Date,
): Promise<EventState> {
  const current = await readSeen(table, eventId);
  if (current === undefined) return 'none';
  if (current.state !== 'leased') return 'done';
  return Date.parse(current.leaseUntil ?? '') > now.getTime() ? 'leased' : 'expired';
}
