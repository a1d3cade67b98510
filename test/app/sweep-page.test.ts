import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { listWatched } from '../../src/app/sweep';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import type { Simulator } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';

/** The sweep's own principal here: its reads are the Resource Graph queries and nothing else. */
const SWEEPER = 'a1a1a1a1-0000-4000-8000-0000000000a1';
const estate = generateEstate({ resources: 2_800, seed: 7, subscriptions: 2 });

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: estate });
});
afterAll(async () => {
  await sim.stop();
});

function sweeper() {
  return {
    registry: createRegistry(),
    subscriptions: estate.subscriptions.map((s) => s.subscriptionId),
    clients: createAzureClients({
      credential: new SimulatorCredential({ oid: SWEEPER, tid: estate.tenantId }),
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      throttle: new ThrottleBuckets(),
    }),
  };
}

function queries(): number {
  return sim.counters.snapshot().byPrincipal[SWEEPER]?.reads ?? 0;
}

describe('the sweep reads Resource Graph in its largest pages', () => {
  it('asks for 1000 rows a page unless told otherwise: three queries for 2,000 to 3,000 watched resources', async () => {
    const before = queries();
    const rows = await listWatched(sweeper());
    expect(rows.length).toBeGreaterThan(2_000);
    expect(rows.length).toBeLessThanOrEqual(3_000);
    expect(new Set(rows.map((row) => row.id.toLowerCase())).size).toBe(rows.length);
    expect(queries() - before).toBe(3);
  });

  it('keeps a page size it is given', async () => {
    const before = queries();
    const rows = await listWatched({ ...sweeper(), sweepPageSize: 500 });
    expect(queries() - before).toBe(Math.ceil(rows.length / 500));
  });
});
