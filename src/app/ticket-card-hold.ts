import { ticketOpenedCard } from '../notify/cards/ticket-opened';
import type { OpenResult } from '../tickets/registry';
import { findingItem } from './card-gate';
import type { ExternalOutcome } from './external-ticket';
import { holdCard } from './resource-cards';
import type { TicketWork } from './act-ticket';

/**
 * A ticket's Teams card during an event's handling: held to be posted with the other outcomes
 * on the resource (see resource-cards.ts). False when nothing holds cards (a sweep, an approved
 * change), tickets do not go to Teams, or the card could not be held: it is then delivered alone.
 */
export async function holdTicketCard(
  work: TicketWork,
  opened: OpenResult,
  remedy: string,
  external: ExternalOutcome,
): Promise<boolean> {
  const { ctx, finding } = work;
  const held = work.tally.cards;
  if (!held || ctx.policy.tickets.target !== 'teams') return false;
  const updated = opened.change === 'updated';
  return holdCard(ctx, held, {
    kind: 'ticket',
    cls: 'info',
    item: findingItem(
      ctx,
      finding,
      'info',
      `ticket ${opened.ticket.id} ${updated ? 'updated' : 'opened'}`,
      { summary: remedy, ...(external.url !== undefined ? { url: external.url } : {}) },
    ),
    message: ticketOpenedCard({
      finding,
      ruleTitle: work.rule.metadata.title,
      ticketId: opened.ticket.id,
      remedy,
      updated,
      ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
      ...(external.url !== undefined ? { ticketUrl: external.url } : {}),
    }),
  });
}
