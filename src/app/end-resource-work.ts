import type { Logger } from 'pino';
import { ApprovalError } from '../approvals/errors';
import { fingerprintOf } from '../engine/fingerprint';
import { parseResourceId } from '../azure/resource-id';
import type { WardContext } from './context';
import type { SignalTally } from './finding-work';
import { correlationFields } from './notify';
import type { Correlation } from './notify';

/** What a deletion closed. */
export interface EndedWork {
  approvals: number;
  tickets: number;
}

function typeOf(resourceId: string): string | undefined {
  try {
    return parseResourceId(resourceId).type;
  } catch {
    return undefined;
  }
}

/**
 * A deleted resource has nothing left to fix: its pending approvals are closed (superseded by
 * the deletion, so an approver's click changes nothing) and its open tickets resolved with a
 * ledger note saying why. Findings are keyed by rule and resource, so the rules judging the
 * type name every fingerprint the resource can have.
 */
export async function endResourceWork(
  ctx: WardContext,
  resourceId: string,
  ids: Correlation,
  log: Logger,
  tally: SignalTally,
): Promise<EndedWork> {
  const ended: EndedWork = { approvals: 0, tickets: 0 };
  const type = typeOf(resourceId);
  if (type === undefined) return ended;
  const now = ctx.now();
  for (const rule of ctx.registry.forType(type)) {
    const ruleId = rule.metadata.id;
    const fingerprint = fingerprintOf(ruleId, resourceId);
    const indexed = await ctx.approvalIndex.get(fingerprint);
    const approval = indexed ? await ctx.approvals.get(indexed.approvalId) : undefined;
    if (approval?.status === 'pending') {
      try {
        await ctx.approvals.supersede(approval.id, `deleted:${ids.eventId}`, now);
        ended.approvals += 1;
        const entry = await ctx.ledger.append({
          kind: 'approval',
          outcome: 'skipped',
          ...correlationFields(ids),
          resourceId,
          ruleId,
          fingerprint,
          summary: `Approval ${approval.id} closed: the resource was deleted`,
        });
        log.info({ approvalId: approval.id, ruleId, ledgerId: entry.id }, 'approval closed');
      } catch (error) {
        // Decided or expired meanwhile: there is nothing left to close.
        if (!(error instanceof ApprovalError)) throw error;
      }
    }
    const ticket = await ctx.tickets.get(fingerprint);
    if (ticket?.status === 'open' && (await ctx.tickets.resolve(fingerprint, now))) {
      ended.tickets += 1;
      tally.ticketsResolved += 1;
      ctx.hub.count('ticketsResolved');
      ctx.hub.emit({ type: 'ticket', resourceId, ruleId, ticketId: ticket.id, change: 'resolved' });
      const entry = await ctx.ledger.append({
        kind: 'ticket',
        outcome: 'succeeded',
        ...correlationFields(ids),
        resourceId,
        ruleId,
        fingerprint,
        summary: `Ticket ${ticket.id} resolved: the resource was deleted`,
      });
      log.info({ ticketId: ticket.id, ruleId, ledgerId: entry.id }, 'ticket resolved: deleted');
    }
  }
  return ended;
}
