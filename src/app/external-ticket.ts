import type { OpenResult } from '../tickets/registry';
import type { ResolvedBecause } from '../tickets/content';
import type { FindingWork } from './finding-work';
import { errorText } from './errors';
import { raiseAlert } from './notify';
import type { TicketWork } from './act-ticket';

export interface ExternalOutcome {
  /** The ticket's URL in the ops team's system, once it is filed. */
  url?: string;
  /** Appended to the ledger summary: where the ticket is, or that it waits in the outbox. */
  note: string;
}

const NONE: ExternalOutcome = { note: '' };

/** Where the ticket links back to in ward: the decision's ledger entry. */
function linkBack(work: TicketWork): string {
  const base = work.ctx.policy.ticketSystems.linkBaseUrl;
  return base !== undefined
    ? `${base.replace(/\/+$/, '')}/${encodeURIComponent(work.decisionId)}`
    : `ward ledger entry ${work.decisionId}`;
}

/**
 * Files (or comments on, or reopens) the finding's ticket in the system the policy routes it
 * to. The request is kept in the outbox before it is sent, so a failure here loses nothing:
 * it is logged and the sweep delivers it later.
 */
export async function fileExternally(
  work: TicketWork,
  result: OpenResult,
  remedy: string,
): Promise<ExternalOutcome> {
  const external = work.ctx.externalTickets;
  if (!external) return NONE;
  try {
    const { link, run, system } = await external.onOpen(
      {
        finding: work.finding,
        ruleTitle: work.rule.metadata.title,
        remedy,
        link: linkBack(work),
        ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
      },
      result,
    );
    if (!system) return NONE;
    if (link) return { url: link.url, note: ` in ${system} as ${link.id} (${link.url})` };
    return { note: ` for ${system}: queued (${run?.remaining ?? 0} requests waiting)` };
  } catch (error) {
    work.log.error({ error: errorText(error) }, 'ticket could not be queued for its system');
    work.tally.alerts += 1;
    await raiseAlert(
      work.ctx,
      {
        kind: 'failed-remediation',
        summary: `The ticket of ${work.finding.ruleId} on ${work.finding.resourceId} could not be queued for its ticket system: ${errorText(error)}`,
        finding: work.finding,
      },
      work.ids,
    );
    return { note: ' (its ticket system request failed)' };
  }
}

export async function resolveExternally(
  work: Pick<FindingWork, 'ctx' | 'log'>,
  input: {
    fingerprint: string;
    resourceId: string;
    ruleId: FindingWork['finding']['ruleId'];
    because: ResolvedBecause;
  },
): Promise<ExternalOutcome> {
  const external = work.ctx.externalTickets;
  if (!external) return NONE;
  try {
    const { link, run } = await external.onResolve(input);
    if (!link) return NONE;
    return run && run.remaining > 0
      ? { url: link.url, note: ` (resolving ${link.url} is queued)` }
      : { url: link.url, note: ` and ${link.url} resolved` };
  } catch (error) {
    work.log.error({ error: errorText(error) }, 'ticket resolution could not be queued');
    return { note: ' (resolving it in its ticket system failed; see the log)' };
  }
}
