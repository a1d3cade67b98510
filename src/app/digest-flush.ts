import { digestCards } from '../notify/digest/digest-card';
import type { WardContext } from './context';
import { errorText } from './errors';

/** Longer than a flush of thousands of items takes; a flush that dies frees it when it runs out. */
const LEASE_MS = 5 * 60_000;

export interface FlushOptions {
  /** Post whatever is queued now (the sweep's end); else only once the oldest item is a window old. */
  force: boolean;
  /** What gathered the items, for the title. */
  source?: string;
  /** A line about the run, shown first (the sweep's counts). */
  summary?: string;
}

/**
 * Posts the queued items as one digest (its pages name every item), then removes them. The
 * cards go through the outbox, so a throttled or unreachable Teams keeps them for redelivery;
 * items are removed only after their cards are delivered or kept, so a crash in between posts
 * the digest again rather than losing it. One flush at a time, across instances (a lease).
 */
export type FlushContext = Pick<
  WardContext,
  'digest' | 'policy' | 'outbox' | 'logger' | 'now' | 'approvalsQueueUrl' | 'reportUrl'
>;

export async function flushDigest(
  ctx: FlushContext,
  options: FlushOptions,
): Promise<{ items: number; cards: number }> {
  const now = ctx.now();
  const windowMs = ctx.policy.teamsNoise.windowMinutes * 60_000;
  let items = await ctx.digest.list();
  if (items.length === 0 && !options.summary) return { items: 0, cards: 0 };
  const oldest = items[0] ? Date.parse(items[0].at) : now.getTime();
  if (!options.force && now.getTime() - oldest < windowMs) return { items: 0, cards: 0 };
  if (!(await ctx.digest.lease(now, LEASE_MS))) return { items: 0, cards: 0 };
  try {
    // Read again under the lease: another flush may have posted some meanwhile.
    items = await ctx.digest.list();
    if (items.length === 0 && !options.summary) return { items: 0, cards: 0 };
    const fromSweep = items.some((item) => item.origin === 'sweep');
    const since = items[0]?.at;
    const source =
      options.source ??
      (fromSweep
        ? 'the scheduled sweep'
        : `events since ${since ? since.slice(11, 16) : now.toISOString().slice(11, 16)} UTC`);
    const cards = digestCards({
      items,
      at: now.toISOString(),
      source,
      ...(options.summary !== undefined ? { summary: options.summary } : {}),
      queueUrl: ctx.approvalsQueueUrl,
      ...(ctx.reportUrl !== undefined ? { reportUrl: ctx.reportUrl } : {}),
      topItems: ctx.policy.teamsNoise.topItems,
      maxPages: ctx.policy.teamsNoise.maxPages,
    });
    // Not through sendCard: a card the outbox can neither post nor keep must leave the items queued.
    for (const card of cards) await ctx.outbox.send(card, 'digest');
    await ctx.digest.remove(items.map((item) => item.id));
    ctx.logger.info({ items: items.length, cards: cards.length }, 'teams digest posted');
    return { items: items.length, cards: cards.length };
  } finally {
    await ctx.digest.release().catch((error: unknown) => {
      ctx.logger.warn({ error: errorText(error) }, 'digest lease not released');
    });
  }
}

/** The flush an event or timer invocation runs: only what has waited a whole window. */
export async function flushDueDigest(ctx: FlushContext): Promise<void> {
  try {
    await flushDigest(ctx, { force: false });
  } catch (error) {
    ctx.logger.error({ error: errorText(error) }, 'digest flush failed; the next one retries');
  }
}
