import { raiseAlert, correlationFields } from './notify';
import type { Principal } from '../domain';
import { followUpFields, type FindingWork } from './finding-work';
import { errorText } from './errors';
import { ticketCardAllowed } from './card-gate';
import { holdTicketCard } from './ticket-card-hold';
import { markSweepTicket } from './sweep-items';
import { fileExternally, resolveExternally } from './external-ticket';
import type { ResolvedBecause } from '../tickets/content';

/** What opening a ticket needs; a finding being decided has it, so has an approved change. */
export type TicketWork = Pick<
  FindingWork,
  'ctx' | 'finding' | 'ids' | 'log' | 'tally' | 'decisionId'
> & {
  rule: { metadata: { title: string } };
  signal: { principal?: Principal };
};

/**
 * Opens (or counts again) the one ticket of the finding's fingerprint and delivers it: a Teams
 * card or the ticket webhook. A secret near expiry also raises an alert: it needs people soon.
 */
export async function openTicket(work: TicketWork, remedy: string): Promise<void> {
  const { ctx, finding, ids } = work;
  const now = ctx.now();
  const { ticket, change } = await ctx.tickets.open(finding, now);
  const external = await fileExternally(work, { ticket, change }, remedy);
  // Teams hears of a ticket once per opening; a webhook target also sees each recount.
  const deliver = change === 'opened' || ctx.policy.tickets.target === 'webhook';
  let delivery = 'not sent again: already open';
  let delivered = true;
  markSweepTicket(work.tally, finding.fingerprint, change);
  const fromSweep = ids.eventId.startsWith('sweep:');
  if (deliver && !fromSweep && (await holdTicketCard(work, { ticket, change }, remedy, external))) {
    delivery = 'posted with the other outcomes on the resource';
  } else if (deliver && !(await ticketCardAllowed(ctx, finding, fromSweep, ticket.id))) {
    delivery = fromSweep ? 'listed in the sweep digest' : 'kept for the Teams digest';
  } else if (deliver) {
    try {
      const outcome = await ctx.ticketDelivery.deliver({
        ticket,
        finding,
        ruleTitle: work.rule.metadata.title,
        remedy,
        updated: change === 'updated',
        ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
        ...(external.url !== undefined ? { ticketUrl: external.url } : {}),
      });
      delivered = outcome.delivered;
      delivery = `${outcome.target}: ${outcome.detail}`;
    } catch (error) {
      delivered = false;
      delivery = errorText(error);
    }
  }
  const entry = await ctx.ledger.append({
    kind: 'ticket',
    outcome: delivered ? 'succeeded' : 'failed',
    ...followUpFields(work),
    summary: `Ticket ${ticket.id} ${change}${external.note} (seen ${ticket.count} times; ${delivery}): ${remedy}`,
    ...(delivered ? {} : { error: delivery }),
  });
  ctx.hub.count(change === 'opened' ? 'ticketsOpened' : 'ticketsUpdated');
  ctx.hub.emit({
    type: 'ticket',
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    ticketId: ticket.id,
    change,
  });
  if (change === 'opened') work.tally.ticketsOpened += 1;
  work.log.info({ ticketId: ticket.id, change, delivered, ledgerId: entry.id }, 'ticket');
  if (!delivered) {
    work.tally.alerts += 1;
    await raiseAlert(
      ctx,
      {
        kind: 'failed-remediation',
        summary: `Ticket ${ticket.id} could not be delivered (${delivery}); it is kept in ward's ticket table.`,
        finding,
        relatedId: entry.id,
      },
      ids,
    );
  }
  if (finding.ruleId === 'keyvault-secret-near-expiry' && change === 'opened') {
    work.tally.alerts += 1;
    await raiseAlert(
      ctx,
      {
        kind: 'secret-expiry',
        summary: `A secret expires soon or has expired and must be rotated by people: ${finding.message} (ticket ${ticket.id})`,
        finding,
        facts: [{ title: 'Ticket', value: ticket.id }],
        relatedId: entry.id,
      },
      ids,
    );
  }
}

/**
 * Closes the open ticket of a fingerprint, if any, in ward's table and in its ticket system:
 * the rule passes now, or the resource was deleted. True when one was open.
 */
export async function resolveTicket(
  work: Pick<FindingWork, 'ctx' | 'ids' | 'log' | 'tally'>,
  fingerprint: string,
  resourceId: string,
  ruleId: FindingWork['finding']['ruleId'],
  because: ResolvedBecause = 'passes',
): Promise<boolean> {
  const { ctx } = work;
  const ticket = await ctx.tickets.resolve(fingerprint, ctx.now());
  if (!ticket) return false;
  const external = await resolveExternally(work, { fingerprint, resourceId, ruleId, because });
  const entry = await ctx.ledger.append({
    kind: 'ticket',
    outcome: 'succeeded',
    ...correlationFields(work.ids),
    resourceId,
    ruleId,
    fingerprint,
    summary: `Ticket ${ticket.id} resolved${external.note}: ${because === 'deleted' ? 'the resource was deleted' : `${ruleId} passes now`}`,
  });
  ctx.hub.count('ticketsResolved');
  ctx.hub.emit({ type: 'ticket', resourceId, ruleId, ticketId: ticket.id, change: 'resolved' });
  work.tally.ticketsResolved += 1;
  work.log.info({ ticketId: ticket.id, ruleId, ledgerId: entry.id, because }, 'ticket resolved');
  return true;
}
