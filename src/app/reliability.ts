/** The points of a handling where a crash leaves something to recover (see docs/reliability.md). */
export type CrashPoint = 'claimed' | 'intent' | 'written';

/** How ward survives crashes and transient failures while it handles an event. */
export interface ReliabilityOptions {
  /**
   * How long a claimed event stays in progress. A redelivery within it is given back to Event
   * Grid (retried later); after it, the redelivery takes the claim over and handles the event.
   * Longer than one handling may take (the invocation budget), shorter than Event Grid's later
   * retry intervals (10 min, 30 min, 1 h, ...), so a crash costs one retry step.
   */
  eventLeaseMs: number;
  /**
   * Transient write failures (429, 5xx, resets): tries of the write in one invocation, the
   * precondition re-read before each, with exponential backoff; after the last, the delivery is
   * given back to Event Grid.
   */
  writeRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  /**
   * Called at each crash point, after what it names is durable. Production passes nothing;
   * the crash tests pause a child process here and kill it.
   */
  checkpoint?: (point: CrashPoint) => Promise<void>;
}

/** Five minutes: half the function timeout, under Event Grid's 10-minute retry step. */
export const DEFAULT_EVENT_LEASE_MS = 5 * 60_000;

export const DEFAULT_RELIABILITY: ReliabilityOptions = {
  eventLeaseMs: DEFAULT_EVENT_LEASE_MS,
  writeRetry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 20_000 },
};

export function reliabilityOptions(
  options: Partial<ReliabilityOptions> | undefined,
): ReliabilityOptions {
  return {
    eventLeaseMs: options?.eventLeaseMs ?? DEFAULT_RELIABILITY.eventLeaseMs,
    writeRetry: { ...DEFAULT_RELIABILITY.writeRetry, ...options?.writeRetry },
    ...(options?.checkpoint ? { checkpoint: options.checkpoint } : {}),
  };
}

export async function checkpoint(
  ctx: { reliability?: ReliabilityOptions },
  point: CrashPoint,
): Promise<void> {
  await ctx.reliability?.checkpoint?.(point);
}
