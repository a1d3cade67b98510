import type { Logger } from 'pino';
import { ApprovalError } from '../approvals/errors';
import { fingerprintOf } from '../engine/fingerprint';
import { parseResourceId } from '../azure/resource-id';
import type { WardContext } from './context';
import type { SignalTally } from './finding-work';
import { correlationFields } from './notify';
import { resolveTicket } from './act-ticket';
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
    // In its ticket system too: the same path as a rule that passes, with the deletion's reason.
    if (await resolveTicket({ ctx, ids, log, tally }, fingerprint, resourceId, ruleId, 'deleted')) {
      ended.tickets += 1;
    }
  }
  return ended;
}
