import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SimulatorCredential } from '../../src/simulator';
import type { EventGridEvent } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { IDS, RG, SUB, TENANT } from './support/small-seed';
import { smallSeedSimulators } from './support/start';

const POLL = { updateIntervalInMs: 0 };
const OID = '5b3c8f9e-1d2a-4c6b-9e7f-0a1b2c3d4e5f';
const start = smallSeedSimulators();

function credential(): SimulatorCredential {
  return new SimulatorCredential({
    oid: OID,
    appid: 'a1b2c3d4-0000-4000-8000-000000000abc',
    tid: TENANT,
    name: 'ward-remediator',
  });
}

function data(e: EventGridEvent): Record<string, unknown> {
  return e.data;
}

describe('Event Grid emission', () => {
  it('emits ResourceWriteSuccess with the caller claims, in the Event Grid schema', async () => {
    const sim = await start();
    const received: EventGridEvent[] = [];
    sim.events.subscribe((events) => {
      received.push(...events);
      return Promise.resolve();
    });
    const c = clientsFor(sim, credential());
    await c.resources.resources.beginUpdateByIdAndWait(
      IDS.storage,
      '2025-08-01',
      { properties: { minimumTlsVersion: 'TLS1_2' } },
      POLL,
    );
    await sim.events.flush();
    expect(received).toHaveLength(1);
    const e = received[0];
    expect(e).toMatchObject({
      topic: `/subscriptions/${SUB}`,
      subject: IDS.storage,
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      dataVersion: '2',
      metadataVersion: '1',
      data: {
        operationName: 'Microsoft.Storage/storageAccounts/write',
        resourceProvider: 'Microsoft.Storage',
        resourceUri: IDS.storage,
        status: 'Succeeded',
        subscriptionId: SUB,
        tenantId: TENANT,
        authorization: { scope: IDS.storage, action: 'Microsoft.Storage/storageAccounts/write' },
        claims: {
          'http://schemas.microsoft.com/identity/claims/objectidentifier': OID,
          'http://schemas.microsoft.com/identity/claims/tenantid': TENANT,
          appid: 'a1b2c3d4-0000-4000-8000-000000000abc',
          name: 'ward-remediator',
        },
        httpRequest: { method: 'PATCH' },
      },
    });
    expect(e?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(e?.eventTime ?? ''))).toBe(false);
    expect(typeof data(e!).correlationId).toBe('string');
    const counters = sim.counters.snapshot().byPrincipal[OID];
    expect(counters?.eventsEmitted).toBe(1);
    expect(counters?.eventsDelivered).toBe(1);
  });

  it('emits a long-running write when it completes, deletes and actions with their own types', async () => {
    const sim = await start({ lro: { polls: 2, retryAfterSeconds: 0 } });
    const c = clientsFor(sim, credential());
    const poller = await c.ml.computeOperations.beginStop(RG, 'ws1', 'ci1', POLL);
    expect(sim.events.history()).toEqual([]);
    await poller.pollUntilDone();
    await c.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'pe1',
      {
        location: 'eastus2',
        subnet: { id: IDS.subnet },
        privateLinkServiceConnections: [{ name: 'ws', privateLinkServiceId: IDS.workspace }],
      },
      POLL,
    );
    await c.network.privateEndpoints.beginDeleteAndWait(RG, 'pe1', POLL);
    const kinds = sim.events
      .history()
      .map((e) => [e.eventType, String(data(e).operationName)] as const);
    expect(kinds).toEqual([
      [
        'Microsoft.Resources.ResourceActionSuccess',
        'Microsoft.MachineLearningServices/workspaces/computes/stop/action',
      ],
      ['Microsoft.Resources.ResourceWriteSuccess', 'Microsoft.Network/privateEndpoints/write'],
      ['Microsoft.Resources.ResourceDeleteSuccess', 'Microsoft.Network/privateEndpoints/delete'],
    ]);
    const create = sim.events.history()[1];
    expect(create ? data(create).httpRequest : 'missing').toBeUndefined();
  });

  it('emits nothing for reads or failed writes', async () => {
    const sim = await start();
    const c = clientsFor(sim, credential());
    await c.resources.resources.getById(IDS.vault, '2025-05-01');
    await expect(
      c.resources.resources.beginUpdateByIdAndWait(
        IDS.vault,
        '2025-05-01',
        { properties: { enableSoftDelete: false } },
        POLL,
      ),
    ).rejects.toThrow(/enableSoftDelete/);
    expect(sim.events.history()).toEqual([]);
  });
});

describe('at-least-once delivery', () => {
  async function deliveredSequence(): Promise<{ delivered: string[]; published: string[] }> {
    const sim = await start({
      randomSeed: 42,
      events: { duplicateProbability: 0.5, maxDuplicates: 2, reorder: true, delayMs: 60_000 },
    });
    const delivered: string[] = [];
    sim.events.subscribe((events) => {
      delivered.push(...events.map((e) => e.id));
      return Promise.resolve();
    });
    const c = clientsFor(sim, credential());
    for (let i = 0; i < 8; i++) {
      await c.resources.resources.beginUpdateByIdAndWait(
        IDS.storage,
        '2025-08-01',
        { tags: { n: String(i) } },
        POLL,
      );
    }
    await sim.events.flush();
    return { delivered, published: sim.events.history().map((e) => e.id) };
  }

  it('duplicates and reorders deterministically from the seed, losing nothing', async () => {
    const first = await deliveredSequence();
    expect(first.published).toHaveLength(8);
    expect(new Set(first.delivered)).toEqual(new Set(first.published));
    expect(first.delivered.length).toBeGreaterThan(first.published.length);
    const firstSeen = first.delivered.filter((id, i) => first.delivered.indexOf(id) === i);
    expect(firstSeen).not.toEqual(first.published);
    const second = await deliveredSequence();
    expect(second.delivered).toEqual(first.delivered);
  });

  it('batches deliveries up to maxBatchSize', async () => {
    const sim = await start({ events: { maxBatchSize: 2, delayMs: 60_000 } });
    const batches: number[] = [];
    sim.events.subscribe((events) => {
      batches.push(events.length);
      return Promise.resolve();
    });
    const c = clientsFor(sim, credential());
    for (let i = 0; i < 5; i++) {
      await c.resources.resources.beginUpdateByIdAndWait(
        IDS.vault,
        '2025-05-01',
        { tags: { n: String(i) } },
        POLL,
      );
    }
    expect(batches).toEqual([]);
    await sim.events.flush();
    expect(batches).toEqual([2, 2, 1]);
    expect(sim.counters.snapshot().byPrincipal[OID]?.eventsDelivered).toBe(5);
  });

  it('delivers to a webhook as Event Grid does, and dead-letters after failed retries', async () => {
    const bodies: unknown[] = [];
    let fail = false;
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        if (fail) {
          res.writeHead(500).end();
          return;
        }
        bodies.push({ type: req.headers['aeg-event-type'], events: JSON.parse(text) as unknown });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const sim = await start({ events: { maxAttempts: 2, retryDelayMs: 1 } });
      sim.events.subscribe(`http://127.0.0.1:${port}/events`, {
        name: 'webhook',
        filter: (e) => String(e.data.operationName).startsWith('Microsoft.Storage/'),
      });
      const c = clientsFor(sim, credential());
      await c.resources.resources.beginUpdateByIdAndWait(
        IDS.storage,
        '2025-08-01',
        { tags: {} },
        POLL,
      );
      await c.resources.resources.beginUpdateByIdAndWait(
        IDS.vault,
        '2025-05-01',
        { tags: {} },
        POLL,
      );
      await sim.events.flush();
      expect(bodies).toEqual([
        {
          type: 'Notification',
          events: [expect.objectContaining({ subject: IDS.storage }) as unknown],
        },
      ]);
      fail = true;
      await c.resources.resources.beginUpdateByIdAndWait(
        IDS.storage,
        '2025-08-01',
        { tags: {} },
        POLL,
      );
      await sim.events.flush();
      const dead = sim.events.deadLettered();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ subscription: 'webhook', attempts: 2 });
      expect(sim.counters.snapshot().total.deadLettered).toBe(1);
    } finally {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });
});
