import { afterEach, describe, expect, it } from 'vitest';
import { startAzureDevOpsStandIn } from '../../src/demo/ticket-standins/azure-devops';
import type { TicketStandIn } from '../../src/demo/ticket-standins/server';
import type { ChangeSignal } from '../../src/domain';
import { aliceUpdates, startWardHarness, type WardHarness } from './harness';
import { SCOPE, SUB, smallSeed, storageAccount } from './estate';

const SHARED_KEY = storageAccount(SCOPE, {
  name: 'stitsharedkey02',
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: true,
  publicNetworkAccess: 'Disabled',
});

let h: WardHarness | undefined;
let standIn: TicketStandIn | undefined;
afterEach(async () => {
  await h?.stop();
  await standIn?.close();
  h = undefined;
  standIn = undefined;
});

const signal = (eventId: string): ChangeSignal => ({
  eventId,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  source: 'eventgrid',
  resourceId: SHARED_KEY.id,
  subscriptionId: SUB,
  eventTime: new Date().toISOString(),
  principal: { upn: 'alice@contoso.com' },
});

async function start(): Promise<{ h: WardHarness; standIn: TicketStandIn }> {
  standIn = await startAzureDevOpsStandIn({ organization: 'contoso', project: 'ML Platform' });
  h = await startWardHarness({
    seed: smallSeed({ resources: [SHARED_KEY] }),
    policy: {
      rules: { 'diagnostic-settings-enabled': { mode: 'off' } },
      ticketSystems: {
        default: 'azure-devops',
        azureDevOps: { organizationUrl: `${standIn.origin}/contoso`, project: 'ML Platform' },
      },
    },
    ward: { ticketSystems: { ca: standIn.ca, baseDelayMs: 1 } },
  });
  return { h, standIn };
}

async function aliceDisablesSharedKey(harness: WardHarness): Promise<void> {
  await aliceUpdates(harness, SHARED_KEY.id, '2025-08-01', { allowSharedKeyAccess: false });
}

describe('tickets in the policy ticket system, through ward', () => {
  it('files one work item, links it from Teams and the ledger, comments, and resolves it', async () => {
    const { h, standIn } = await start();
    await h.handle(signal('evt-1'));
    await h.handle(signal('evt-2'));
    const [item] = standIn.tickets();
    expect(standIn.tickets()).toHaveLength(1);
    expect(item?.comments).toHaveLength(1);
    // The Teams card opens the real work item.
    const posts = JSON.stringify(h.teams.posts);
    expect(posts).toContain(item?.url ?? '-');
    const ledger = await h.ward.ledger.listAll();
    const filed = ledger.find((e) => e.kind === 'ticket' && e.after?.includes('externalId'));
    expect(JSON.parse(filed?.after ?? '{}')).toEqual({
      system: 'azure-devops',
      externalId: String(item?.id),
      url: item?.url,
    });

    await aliceDisablesSharedKey(h);
    await h.handle(signal('evt-3'));
    expect(standIn.tickets()[0]?.state).toBe('closed');
    expect(standIn.counts()).toMatchObject({ opened: 1, commented: 2, resolved: 1 });
    expect(standIn.rejected()).toEqual([]);
  });

  it('resolves the work item of a deleted resource, saying it was deleted', async () => {
    const { h, standIn } = await start();
    await h.handle(signal('evt-1'));
    expect(standIn.tickets()[0]?.state).toBe('open');

    h.sim.state.delete(SHARED_KEY.id);
    await h.handle({
      ...signal('evt-deleted'),
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      deleted: true,
    });
    const [item] = standIn.tickets();
    expect(item?.state).toBe('closed');
    expect(item?.comments.at(-1)?.body).toContain(`${SHARED_KEY.id} was deleted`);
    expect(standIn.counts()).toMatchObject({ opened: 1, resolved: 1 });
    const summaries = (await h.ward.ledger.listAll()).map((entry) => entry.summary ?? '');
    expect(
      summaries.some((s) => / resolved and \S+ resolved: the resource was deleted$/.test(s)),
    ).toBe(true);
  });

  it('a 403 alerts once in Teams with what to fix; the sweep files the finding once it is fixed', async () => {
    const { h, standIn } = await start();
    standIn.inject({ fault: { kind: 'status', status: 403 }, times: 100 });
    await h.handle(signal('evt-1'));
    await h.handle(signal('evt-2'));
    expect(standIn.tickets()).toHaveLength(0);
    const alerts = (await h.ward.ledger.listAll()).filter(
      (e) => e.kind === 'alert' && e.summary?.includes('Tickets cannot reach azure-devops'),
    );
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(h.teams.posts)).toContain('grant ward');

    standIn.clearFaults();
    await h.ward.sweep({
      invocationId: 'sweep-1',
      functionName: 'sweep',
      firedAt: new Date().toISOString(),
      isPastDue: false,
    });
    expect(standIn.tickets()).toHaveLength(1);
    // evt-2's recurrence, kept behind the filing, and the sweep's own sighting.
    expect(standIn.tickets()[0]?.comments).toHaveLength(2);
    expect(await h.ward.ledger.listAll()).toContainEqual(
      expect.objectContaining({
        kind: 'ticket',
        summary: expect.stringContaining('Ticket filed in azure-devops'),
      }),
    );
    expect(standIn.rejected()).toEqual([]);
  });
});
