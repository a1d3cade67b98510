import type { TableStore } from '../store/tables';
import type { ExternalTickets } from '../tickets/external';
import type { WardContext } from './context';
import { raiseAlert } from './notify';
import { wireTicketSystems } from './ticket-systems';
import type { WardOptions } from './types';

/**
 * The policy's ticket systems over ward's context: an access failure becomes one Teams alert
 * naming what to fix, and each ticket filed is recorded in the ledger with its id and URL.
 */
export function wireExternalTickets(
  ctx: WardContext,
  options: WardOptions,
  tables: TableStore,
): ExternalTickets | undefined {
  return wireTicketSystems({
    policy: ctx.policy.ticketSystems,
    credential: options.credential,
    clients: ctx.clients,
    tables,
    now: () => ctx.now(),
    sleep: (ms) => ctx.sleep(ms),
    ...(options.ticketSystems ? { options: options.ticketSystems } : {}),
    secrets: [options.teams.webhookUrl, options.tickets?.webhookUrl].filter(
      (value): value is string => value !== undefined,
    ),
    alert: async (alert) => {
      await raiseAlert(ctx, {
        kind: 'failed-remediation',
        summary: alert.summary,
        facts: [
          { title: 'Ticket system', value: alert.system },
          { title: 'What to fix', value: alert.fix },
        ],
      });
    },
    onDelivered: async (delivered) => {
      if (!delivered.filed && delivered.op !== 'open') return;
      await ctx.ledger.append({
        kind: 'ticket',
        outcome: 'succeeded',
        fingerprint: delivered.fingerprint,
        after: {
          system: delivered.system,
          externalId: delivered.ticket.id,
          url: delivered.ticket.url,
        },
        summary: `Ticket filed in ${delivered.system}: ${delivered.ticket.id} ${delivered.ticket.url}`,
      });
    },
  });
}
