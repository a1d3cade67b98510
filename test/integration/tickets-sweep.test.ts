import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeSignal } from '../../src/domain';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { aliceUpdates, startWardHarness, type WardHarness } from './harness';
import { SCOPE, STORAGE, SUB, keyVault, smallSeed, storageAccount } from './estate';

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };

const SHARED_KEY = storageAccount(SCOPE, {
  name: 'stitsharedkey01',
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: true,
  publicNetworkAccess: 'Disabled',
});

let h: WardHarness | undefined;
let receiver: TeamsReceiver | undefined;
afterEach(async () => {
  await h?.stop();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

const signal = (resourceId: string, eventId: string): ChangeSignal => ({
  eventId,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  source: 'eventgrid',
  resourceId,
  subscriptionId: SUB,
  eventTime: new Date().toISOString(),
});

async function aliceDisablesSharedKey(harness: WardHarness): Promise<void> {
  await aliceUpdates(harness, SHARED_KEY.id, '2025-08-01', { allowSharedKeyAccess: false });
}

describe('tickets', () => {
  it('one ticket per finding: opened once, counted again, resolved when the rule passes', async () => {
    h = await startWardHarness({ seed: smallSeed({ resources: [SHARED_KEY] }), policy: QUIET });
    await h.handle(signal(SHARED_KEY.id, 'evt-1'));
    await h.handle(signal(SHARED_KEY.id, 'evt-2'));
    const open = await h.ward.tickets.listOpen();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      ruleId: 'storage-shared-key-disabled',
      count: 2,
      status: 'open',
    });
    const ticketCards = h.cards().filter((card) => card.text.includes(open[0]?.id ?? '-'));
    expect(ticketCards).toHaveLength(1);
    expect(h.wardWrites()).toBe(0);

    await aliceDisablesSharedKey(h);
    await h.handle(signal(SHARED_KEY.id, 'evt-3'));
    expect(await h.ward.tickets.listOpen()).toEqual([]);
    expect(await h.ward.tickets.get(open[0]?.fingerprint ?? '')).toMatchObject({
      status: 'resolved',
    });
    const ledger = await h.ward.ledger.listAll();
    expect(
      ledger.filter((e) => e.kind === 'ticket').map((e) => e.summary?.split(' ').slice(2, 3)[0]),
    ).toEqual(['opened', 'updated', 'resolved:']);
  });

  it('a webhook target receives the ticket as JSON, and Teams no ticket card', async () => {
    receiver = await startTeamsReceiver();
    const url = receiver.url('ticket-canary-signature');
    h = await startWardHarness({
      seed: smallSeed({ resources: [SHARED_KEY] }),
      policy: {
        ...QUIET,
        tickets: { target: 'webhook', webhookUrlSetting: 'WARD_TICKET_WEBHOOK_URL' },
      },
      ward: { tickets: { webhookUrl: url } },
    });
    await h.handle(signal(SHARED_KEY.id, 'evt-1'));
    expect(receiver.posts).toHaveLength(1);
    const body = JSON.parse(receiver.posts[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'ward.ticket.opened',
      ruleId: 'storage-shared-key-disabled',
      resourceId: SHARED_KEY.id,
      count: 1,
      status: 'open',
    });
    expect(body.ticketId).toMatch(/^WARD-[0-9A-F]{12}-1$/);
    expect(h.teams.posts).toHaveLength(0);
    expect(JSON.stringify(h.logs)).not.toContain('ticket-canary-signature');
  });
});

const TIMER = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

describe('sweep', () => {
  it('pages through Resource Graph, reads vault secrets, acts, and posts a digest', async () => {
    const vault = keyVault(SCOPE, {
      name: 'kv-it-sweep',
      purgeProtection: true,
      rbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      accessPolicyObjectId: '33333333-3333-4333-8333-333333333333',
    });
    const compliant = ['stitok01', 'stitok02', 'stitok03'].map((name) =>
      storageAccount(SCOPE, {
        name,
        minimumTlsVersion: 'TLS1_2',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        publicNetworkAccess: 'Disabled',
      }),
    );
    h = await startWardHarness({
      seed: smallSeed({
        resources: [vault, SHARED_KEY, ...compliant],
        secrets: [{ vault: vault.name, name: 'no-expiry', attributes: { enabled: true } }],
      }),
      policy: QUIET,
      ward: { sweepPageSize: 2 },
    });
    const digest = await h.ward.sweep({
      invocationId: 'sweep-1',
      functionName: 'sweep',
      firedAt: new Date().toISOString(),
      isPastDue: false,
    });
    // STORAGE (TLS1_0), SHARED_KEY (ticket), three compliant accounts and the vault.
    expect(digest).toMatchObject({
      resources: 6,
      secrets: 1,
      evaluated: 7,
      remediated: 2,
      ticketsOpened: 1,
      failed: 0,
    });
    expect(h.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
    // The account's TLS and the secret's expiry (a data-plane attribute update).
    expect(h.wardWrites()).toBe(2);
    const digestCard = h.cards().find((card) => card.title.startsWith('ward digest: '));
    expect(digestCard?.text).toContain('6 resources and 1 secrets read');
    expect(digestCard?.text).toContain('storage-shared-key-disabled');
    const summary = h.logs.find((line) => line.msg === 'sweep finished');
    expect(summary).toMatchObject({ digest: { resources: 6, remediated: 2 } });
  });

  it('the timer handler runs the sweep and a second tick resolves what passes now', async () => {
    h = await startWardHarness({ seed: smallSeed({ resources: [SHARED_KEY] }), policy: QUIET });
    const { makeSweepHandler } = await import('../../functions/sweep');
    const { InvocationContext } = await import('@azure/functions');
    const handler = makeSweepHandler(() =>
      Promise.resolve(h?.ward.useCases ?? Promise.reject(new Error('no ward'))),
    );
    await handler(TIMER, new InvocationContext({ invocationId: 'tick-1', functionName: 'sweep' }));
    expect(await h.ward.tickets.listOpen()).toHaveLength(1);
    await aliceDisablesSharedKey(h);
    await handler(TIMER, new InvocationContext({ invocationId: 'tick-2', functionName: 'sweep' }));
    expect(await h.ward.tickets.listOpen()).toEqual([]);
  });
});
