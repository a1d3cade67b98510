import type { WardContext } from './context';
import { errorText } from './errors';
import { checkpoint, DEFAULT_EVENT_LEASE_MS } from './reliability';

/** Another handler holds the event's lease: the delivery goes back to Event Grid for later. */
export class EventInProgressError extends Error {
  override readonly name = 'EventInProgressError';
  readonly retryable = true;
  readonly code = 'event-in-progress';
}

/**
 * Claims the event as a lease. True: handle it. False: it was handled to the end (a duplicate).
 * Throws EventInProgressError (retryable) while another handler's lease runs, so a redelivery
 * is never dropped for a handling that may yet die.
 */
export async function claimSignal(
  ctx: WardContext,
  eventId: string,
  log: WardContext['logger'],
): Promise<boolean> {
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
  return true;
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
    else await ctx.dedupe.forgetEvent(eventId);
  } catch (error) {
    log.error(
      { error: errorText(error), how },
      'event claim could not be ended; its lease runs out',
    );
  }
}
