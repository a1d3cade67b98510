import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain';
import { fingerprintOf } from '../../src/engine/fingerprint';
import { createOutbox } from '../../src/notify/outbox';
import type { TeamsNotifier } from '../../src/notify/teams-notifier';
import { createTicketDelivery, createTicketRegistry } from '../../src/tickets';
import { startTeamsReceiver } from '../support/teams-receiver';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('tickets');
const logger = pino({ level: 'silent' });

function finding(resource = 'st1'): Finding {
  const resourceId = `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${resource}`;
  return {
    fingerprint: fingerprintOf('storage-shared-key-disabled', resourceId),
    ruleId: 'storage-shared-key-disabled',
    resourceId,
    resourceType: 'Microsoft.Storage/storageAccounts',
    severity: 'medium',
    message: 'Shared key access is allowed.',
    evidence: [{ path: 'properties.allowSharedKeyAccess', actual: true, expected: 'false' }],
    evaluatedAt: '2026-11-23T10:00:00.000Z',
  };
}

function registry() {
  const tables = newTables();
  return createTicketRegistry({ table: () => tables.table('WardTickets') });
}

describe('ticket registry on Tables', () => {
  it('concurrent openings of one finding make one ticket that counts each', async () => {
    const tickets = registry();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        tickets.open(finding(), new Date(Date.UTC(2026, 10, 23, 10, i))),
      ),
    );
    expect(results.filter((r) => r.change === 'opened')).toHaveLength(1);
    const open = await tickets.listOpen();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ count: 5, opening: 1, status: 'open' });
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
  });

  it('resolves, then a finding that comes back reopens as the next opening', async () => {
    const tickets = registry();
    const first = await tickets.open(finding(), new Date('2026-11-23T10:00:00Z'));
    const resolved = await tickets.resolve(
      first.ticket.fingerprint,
      new Date('2026-11-23T11:00:00Z'),
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: '2026-11-23T11:00:00.000Z' });
    expect(await tickets.resolve(first.ticket.fingerprint, new Date())).toBeUndefined();
    const again = await tickets.open(finding(), new Date('2026-11-23T12:00:00Z'));
    expect(again.change).toBe('opened');
    expect(again.ticket.id).toBe(first.ticket.id.replace(/-1$/, '-2'));
    expect(again.ticket).toMatchObject({ count: 1, opening: 2 });
  });

  it('keeps findings apart by fingerprint', async () => {
    const tickets = registry();
    await tickets.open(finding('a'), new Date());
    await tickets.open(finding('b'), new Date());
    expect((await tickets.listOpen()).map((t) => t.resourceId.split('/').pop()).sort()).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('ticket delivery', () => {
  const neverTeams: TeamsNotifier = {
    post: () => Promise.resolve({ delivered: false, attempts: 1, error: 'unused' }),
  };

  it('retries a webhook that answers 503, then delivers the JSON', async () => {
    const receiver = await startTeamsReceiver((index) => ({ status: index === 0 ? 503 : 200 }));
    try {
      const tables = newTables();
      const delivery = createTicketDelivery({
        target: 'webhook',
        webhookUrl: receiver.url('sig-canary'),
        outbox: createOutbox({
          table: await tables.table('WardOutbox'),
          notifier: neverTeams,
          now: () => new Date(),
          logger,
        }),
        logger,
        sleep: () => Promise.resolve(),
      });
      const tickets = registry();
      const { ticket } = await tickets.open(finding(), new Date());
      const outcome = await delivery.deliver({
        ticket,
        finding: finding(),
        ruleTitle: 'Storage shared key access disabled',
        remedy: 'Disable shared key access',
        updated: false,
      });
      expect(outcome).toMatchObject({ delivered: true, target: 'webhook' });
      expect(receiver.posts).toHaveLength(2);
      expect(JSON.parse(receiver.posts[1]?.body ?? '{}')).toMatchObject({
        type: 'ward.ticket.opened',
        ticketId: ticket.id,
        remedy: 'Disable shared key access',
      });
    } finally {
      await receiver.close();
    }
  });

  it('says why when the webhook setting is empty', async () => {
    const tables = newTables();
    const delivery = createTicketDelivery({
      target: 'webhook',
      outbox: createOutbox({
        table: await tables.table('WardOutbox'),
        notifier: neverTeams,
        now: () => new Date(),
        logger,
      }),
      logger,
    });
    const { ticket } = await registry().open(finding(), new Date());
    const outcome = await delivery.deliver({
      ticket,
      finding: finding(),
      ruleTitle: 't',
      remedy: 'r',
      updated: false,
    });
    expect(outcome.delivered).toBe(false);
    expect(outcome.detail).toContain('webhook URL setting is empty');
  });
});
