import type { Finding } from '../domain';
import type { CardClass, DigestItem } from '../notify/digest/digest-item';
import type { TeamsMessage } from '../notify/types';
import type { WardContext } from './context';
import { errorText } from './errors';
import { sendCard } from './notify';
import { holdCard, type HeldCard } from './resource-cards';

/** The start of the noise-budget window `now` falls in. */
export function windowStart(ctx: Pick<WardContext, 'policy'>, now: Date): Date {
  const ms = ctx.policy.teamsNoise.windowMinutes * 60_000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** The window's budget of single cards of a class. */
export function limitOf(ctx: Pick<WardContext, 'policy'>, cls: CardClass): number {
  const noise = ctx.policy.teamsNoise;
  return cls === 'urgent'
    ? noise.urgentCards
    : cls === 'approval'
      ? noise.approvalCards
      : noise.infoCards;
}

/** A card's digest line for a finding: what ward did about it. */
export function findingItem(
  ctx: Pick<WardContext, 'now'>,
  finding: Finding,
  cls: CardClass,
  what: string,
  extra: Partial<Pick<DigestItem, 'url' | 'ledgerId' | 'summary' | 'origin'>> = {},
): DigestItem {
  return {
    cls,
    origin: extra.origin ?? 'event',
    what,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    severity: finding.severity,
    summary: extra.summary ?? finding.message,
    at: ctx.now().toISOString(),
    ...(extra.url !== undefined ? { url: extra.url } : {}),
    ...(extra.ledgerId !== undefined ? { ledgerId: extra.ledgerId } : {}),
  };
}

export interface CardOffer {
  message: TeamsMessage;
  /** An event's handling: its cards about the resource are held and posted together at its end. */
  hold?: HeldCard[];
  kind: string;
  cls: CardClass;
  item: DigestItem;
  /** A sweep's finding: the sweep's digest already lists it. */
  fromSweep: boolean;
}

/**
 * The channel's noise budget. A card within its class's budget for the window is posted now; one
 * over it waits in the digest queue. A sweep's findings are one large batch: its digest lists
 * them all, so only its urgent alerts take single cards. When the item cannot be queued the card
 * is posted: never dropped.
 */
export async function offerCard(
  ctx: WardContext,
  offer: CardOffer,
): Promise<'posted' | 'digest' | 'held'> {
  // A sweep's findings are listed by its digest (approvals with their links): one batch, one card.
  if (offer.fromSweep && offer.cls !== 'urgent') return 'digest';
  // Urgent cards stay single: they need a person now.
  if (offer.hold && offer.cls !== 'urgent' && (await holdCard(ctx, offer.hold, offer))) {
    return 'held';
  }
  const now = ctx.now();
  let allowed: boolean;
  try {
    allowed = await ctx.digest.take(offer.cls, limitOf(ctx, offer.cls), windowStart(ctx, now));
  } catch (error) {
    ctx.logger.warn({ kind: offer.kind, error: errorText(error) }, 'noise budget not readable');
    allowed = true;
  }
  if (allowed) {
    await sendCard(ctx, offer.message, offer.kind);
    return 'posted';
  }
  try {
    await ctx.digest.add([offer.item]);
    ctx.logger.info({ kind: offer.kind }, 'teams card over the noise budget: kept for the digest');
    return 'digest';
  } catch (error) {
    ctx.logger.error({ kind: offer.kind, error: errorText(error) }, 'digest queue not writable');
    await sendCard(ctx, offer.message, offer.kind);
    return 'posted';
  }
}

/**
 * Whether a "ticket opened" card may go to Teams now. A sweep's ticket is listed by the sweep's
 * digest; an event's ticket over the budget waits in the digest queue (answering false).
 */
export async function ticketCardAllowed(
  ctx: WardContext,
  finding: Finding,
  fromSweep: boolean,
  ticketId: string,
): Promise<boolean> {
  if (ctx.policy.tickets.target !== 'teams') return true;
  if (fromSweep) return false;
  try {
    if (await ctx.digest.take('info', limitOf(ctx, 'info'), windowStart(ctx, ctx.now()))) {
      return true;
    }
    await ctx.digest.add([findingItem(ctx, finding, 'info', `ticket ${ticketId} opened`)]);
    return false;
  } catch (error) {
    ctx.logger.warn({ ticketId, error: errorText(error) }, 'noise budget not usable; card posted');
    return true;
  }
}
