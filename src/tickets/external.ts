import type { Finding, Principal, RuleId } from '../domain';
import {
  recurrenceComment,
  reopenedComment,
  resolvedComment,
  ticketContent,
  ticketMarker,
} from './content';
import type { ResolvedBecause } from './content';
import type { OpenResult } from './registry';
import type { TicketSystemName } from './system';
import type { SyncRun, TicketSync } from './sync';
import type { TicketLink, TicketSyncStore } from './sync-store';

export interface ExternalTicketsOptions {
  sync: TicketSync;
  store: TicketSyncStore;
  /** Which system a finding's ticket goes to; undefined keeps it in ward's table only. */
  route: (ruleId: RuleId, resourceId: string) => TicketSystemName | undefined;
  now: () => Date;
  /** Exact secret values that must never reach a ticket (webhook URLs...). */
  secrets?: readonly string[];
}

export interface FindingNotice {
  finding: Finding;
  ruleTitle: string;
  remedy: string;
  changedBy?: Principal;
  link?: string;
}

/**
 * Files ward's tickets in the ops team's system: each change of ward's own ticket (opened,
 * counted again, reopened, resolved) becomes a request in the Tables outbox, delivered at once
 * and redelivered by the sweep until the system has it.
 */
export function createExternalTickets(options: ExternalTicketsOptions) {
  const { sync, store } = options;
  return {
    async onOpen(
      notice: FindingNotice,
      result: OpenResult,
    ): Promise<{ run?: SyncRun; link?: TicketLink; system?: TicketSystemName }> {
      const system = options.route(notice.finding.ruleId, notice.finding.resourceId);
      if (!system) return {};
      const input = { ...notice, ...(options.secrets ? { secrets: options.secrets } : {}) };
      const content = ticketContent(input);
      const op =
        result.change === 'updated' ? 'comment' : result.ticket.opening > 1 ? 'reopen' : 'open';
      const text =
        op === 'comment'
          ? recurrenceComment(input, result.ticket.count)
          : op === 'reopen'
            ? reopenedComment(input)
            : undefined;
      await sync.enqueue({
        fingerprint: notice.finding.fingerprint,
        system,
        op,
        content,
        ...(text !== undefined ? { text } : {}),
        createdAt: options.now().toISOString(),
      });
      const run = await sync.deliver(notice.finding.fingerprint);
      const link = await store.link(notice.finding.fingerprint);
      return { run, system, ...(link ? { link } : {}) };
    },

    async onResolve(input: {
      fingerprint: string;
      ruleId: RuleId;
      resourceId: string;
      resourceType?: string;
      because?: ResolvedBecause;
    }): Promise<{ run?: SyncRun; link?: TicketLink }> {
      const link = await store.link(input.fingerprint);
      const system = link?.system ?? options.route(input.ruleId, input.resourceId);
      if (!system) return {};
      const at = options.now().toISOString();
      await sync.enqueue({
        fingerprint: input.fingerprint,
        system,
        op: 'resolve',
        // A resolve never files a ticket; the content only names what it is about.
        content: {
          fingerprint: input.fingerprint,
          marker: ticketMarker(input.fingerprint),
          ruleId: input.ruleId,
          severity: 'informational',
          title: `${input.ruleId} on ${input.resourceId}`,
          body: '',
          paragraphs: [],
        },
        text: resolvedComment(input.ruleId, input.resourceId, at, input.because),
        createdAt: at,
      });
      const run = await sync.deliver(input.fingerprint);
      return { run, ...(link ? { link } : {}) };
    },

    /** The sweep's redelivery of everything still queued. */
    redeliver: (): Promise<SyncRun> => sync.deliver(),
  };
}

export type ExternalTickets = ReturnType<typeof createExternalTickets>;
