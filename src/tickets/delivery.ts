import type { Finding, Principal } from '../domain';
import type { NotifyLogger } from '../notify/logger';
import { createRedactor } from '../notify/redact';
import type { Outbox } from '../notify/outbox';
import { ticketOpenedCard } from '../notify/cards/ticket-opened';
import type { Ticket } from './registry';

export interface TicketDeliveryOptions {
  target: 'teams' | 'webhook';
  /** Teams delivery goes through the outbox, so nothing is lost when Teams is down. */
  outbox: Outbox;
  /** The webhook's URL (a secret: it may carry a signature); needed for `webhook`. */
  webhookUrl?: string;
  fetch?: typeof globalThis.fetch;
  logger: NotifyLogger;
  /** Attempts of the webhook POST (5xx, 429 and network errors are retried). */
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface TicketNotice {
  ticket: Ticket;
  finding: Finding;
  ruleTitle: string;
  remedy: string;
  changedBy?: Principal;
  updated: boolean;
  /** The ticket in the ops team's system, when one was filed. */
  ticketUrl?: string;
}

export interface DeliveryOutcome {
  delivered: boolean;
  target: 'teams' | 'webhook';
  detail: string;
}

export interface TicketDelivery {
  deliver(notice: TicketNotice): Promise<DeliveryOutcome>;
}

/** The JSON a ticket webhook receives (e.g. a Logic App that files a work item). */
export function ticketWebhookBody(notice: TicketNotice): Record<string, unknown> {
  const { ticket, finding } = notice;
  return {
    type: notice.updated ? 'ward.ticket.updated' : 'ward.ticket.opened',
    ticketId: ticket.id,
    fingerprint: ticket.fingerprint,
    status: ticket.status,
    count: ticket.count,
    openedAt: ticket.openedAt,
    lastSeen: ticket.lastSeen,
    ruleId: finding.ruleId,
    ruleTitle: notice.ruleTitle,
    resourceId: finding.resourceId,
    resourceType: finding.resourceType,
    severity: finding.severity,
    message: finding.message,
    remedy: notice.remedy,
    evidence: finding.evidence,
    ...(notice.changedBy ? { changedBy: notice.changedBy } : {}),
    ...(notice.ticketUrl ? { ticketUrl: notice.ticketUrl } : {}),
  };
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Delivers ticket notices to Teams (a "ticket opened" card) or to a generic webhook. */
export function createTicketDelivery(options: TicketDeliveryOptions): TicketDelivery {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const attempts = Math.max(1, options.attempts ?? 3);
  const sleep = options.sleep ?? defaultSleep;
  const redactor = createRedactor(options.webhookUrl ? [options.webhookUrl] : []);

  async function postWebhook(url: string, body: string): Promise<DeliveryOutcome> {
    let detail = 'not attempted';
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok)
          return { delivered: true, target: 'webhook', detail: `${response.status}` };
        detail = `the ticket webhook answered ${response.status}`;
        if (response.status !== 429 && response.status < 500) break;
      } catch (error) {
        detail = redactor.string(error instanceof Error ? error.message : String(error));
      }
      if (attempt < attempts) await sleep(200 * 2 ** (attempt - 1));
    }
    options.logger.error({ target: 'webhook', detail }, 'ticket not delivered');
    return { delivered: false, target: 'webhook', detail };
  }

  return {
    async deliver(notice) {
      if (options.target === 'webhook') {
        if (!options.webhookUrl) {
          return {
            delivered: false,
            target: 'webhook',
            detail: 'tickets.target is webhook but its webhook URL setting is empty',
          };
        }
        return postWebhook(options.webhookUrl, JSON.stringify(ticketWebhookBody(notice)));
      }
      const card = ticketOpenedCard({
        finding: notice.finding,
        ruleTitle: notice.ruleTitle,
        ticketId: notice.ticket.id,
        remedy: notice.remedy,
        updated: notice.updated,
        ...(notice.changedBy ? { changedBy: notice.changedBy } : {}),
        ...(notice.ticketUrl ? { ticketUrl: notice.ticketUrl } : {}),
      });
      const sent = await options.outbox.send(card, 'ticket');
      return {
        delivered: sent.delivered,
        target: 'teams',
        detail: sent.delivered ? 'posted' : `kept in the outbox (${sent.error ?? 'not delivered'})`,
      };
    },
  };
}
