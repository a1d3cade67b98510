import type { ChangeSignal } from '../domain';
import type { WardContext } from './context';
import { isSweep } from './sweep-items';
import { errorText } from './errors';
import { checkpoint, DEFAULT_EVENT_LEASE_MS } from './reliability';

/** Another handler holds the event's lease: the delivery goes back to Event Grid for later. */
export class EventInProgressError extends Error {
  override readonly name = 'EventInProgressError';
  readonly retryable = true;
  readonly code = 'event-in-progress';
}

/** A claimed event; `resumed` when an earlier handling of it may have recorded part of its work. */
export interface HeldClaim {
  resumed: boolean;
}

/** How one handling stands with its event's lease. */
export interface SignalClaim {
  /** An earlier handling of this event may have recorded part of its work. */
  readonly resumed: boolean;
  /** This handling holds the lease, and ends it when it ends. */
  readonly held: boolean;
  /** Holds the lease before a write (recovery takes a write under a live lease as in flight). */
  hold(): Promise<void>;
}

/**
 * A sweep's signal: its id names the sweep run and the resource, so no delivery repeats it and
 * nothing needs deduplicating. It takes the lease only before its first write, which is what
 * recovery looks at; a sweep that writes nothing costs no lease rows.
 */
function deferredClaim(ctx: WardContext, eventId: string, log: WardContext['logger']): SignalClaim {
  let held = false;
  return {
    resumed: false,
    get held() {
      return held;
    },
    async hold() {
      if (held) return;
      if (!(await claimSignal(ctx, eventId, log))) {
        throw new Error(`Event ${eventId} was handled already; this handling writes nothing.`);
      }
      held = true;
    },
  };
}

/**
 * Claims the event as a lease: handle it, or false when it was handled to the end (a
 * duplicate). Throws EventInProgressError (retryable) while another handler's lease runs, so a
 * redelivery is never dropped for a handling that may yet die.
 */
export async function claimSignal(
  ctx: WardContext,
  eventId: string,
  log: WardContext['logger'],
): Promise<HeldClaim | false> {
  const leaseMs = ctx.reliability?.eventLeaseMs ?? DEFAULT_EVENT_LEASE_MS;
  const claim = await ctx.dedupe.claimEvent(eventId, ctx.now(), leaseMs);
  if (claim.kind === 'done') return false;
  if (claim.kind === 'in-progress') {
    log.info(
      { decision: 'in-progress', leaseUntil: claim.until.toISOString() },
      'event in progress elsewhere',
    );
    throw new EventInProgressError(
      `Event ${eventId} is being handled elsewhere until ${claim.until.toISOString()}; deliver it again later.`,
    );
  }
  if (claim.takenOver)
    log.warn(
      { decision: 'lease-taken-over' },
      'earlier handling of this event ended without finishing',
    );
  await checkpoint(ctx, 'claimed');
  return { resumed: claim.takenOver };
}

/**
 * Ends the claim: done when handled (or failed for good), released when the failure is
 * transient so Event Grid's redelivery is handled. A failure here is logged: the lease then
 * runs out and a redelivery is handled anyway.
 */
export async function finishClaim(
  ctx: WardContext,
  eventId: string,
  how: 'done' | 'release',
  log: WardContext['logger'],
): Promise<void> {
  try {
    if (how === 'done') await ctx.dedupe.completeEvent(eventId, ctx.now());
    else await ctx.dedupe.releaseEvent(eventId, ctx.now());
  } catch (error) {
    log.error(
      { error: errorText(error), how },
      'event claim could not be ended; its lease runs out',
    );
  }
}

/**
 * How a handling starts with its event's lease: an event claims it at once (false: a
 * duplicate), a sweep's signal only before its first write.
 */
export async function claimHandling(
  ctx: WardContext,
  signal: Pick<ChangeSignal, 'eventId' | 'source'>,
  log: WardContext['logger'],
): Promise<SignalClaim | false> {
  if (isSweep(signal)) return deferredClaim(ctx, signal.eventId, log);
  const claim = await claimSignal(ctx, signal.eventId, log);
  return claim && { resumed: claim.resumed, held: true, hold: () => Promise.resolve() };
}
