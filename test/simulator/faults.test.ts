import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorCredential, simulatorClientOptions, startSimulator } from '../../src/simulator';
import type { SimRequest, Simulator } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { restError } from './support/errors';
import { IDS, RG, SUB, TENANT, smallSeed } from './support/small-seed';

let sim: Simulator;
let c: ReturnType<typeof clientsFor>;
const delayed: string[] = [];
const POLL = { updateIntervalInMs: 0 };

beforeAll(async () => {
  sim = await startSimulator({
    seed: smallSeed(),
    lro: { polls: 0, retryAfterSeconds: 0 },
    latencyMs: (req: SimRequest) => {
      delayed.push(`${req.method} ${req.url.pathname}`);
      return 1;
    },
  });
  c = clientsFor(sim);
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => {
  sim.faults.clear();
});

describe('scripted faults', () => {
  it('fails the nth matching requests for as many times as scripted', async () => {
    const raw = new ResourceManagementClient(new SimulatorCredential({ tid: TENANT }), SUB, {
      ...simulatorClientOptions(sim),
      retryOptions: { maxRetries: 0 },
    });
    const fault = sim.faults.add({
      match: { method: 'GET', pathPattern: /\/vaults\/kv1$/ },
      nth: 2,
      times: 2,
      kind: '500',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await raw.sendRequest(
        createPipelineRequest({ url: `${sim.armUrl}${IDS.vault}?api-version=2025-05-01` }),
      );
      statuses.push(r.status);
    }
    expect(statuses).toEqual([200, 500, 500, 200]);
    expect(fault.hits()).toBe(2);
    expect(delayed).toContain(`GET ${IDS.vault}`);
  });

  it('503 and connection resets are retried by the SDK and then succeed', async () => {
    const unavailable = sim.faults.add({
      match: { pathPattern: 'workspaces/ws1' },
      kind: '503',
      retryAfterSeconds: 0,
    });
    const reset = sim.faults.add({ match: { pathPattern: 'vaults/kv1' }, kind: 'reset' });
    expect((await c.ml.workspaces.get(RG, 'ws1')).name).toBe('ws1');
    expect((await c.resources.resources.getById(IDS.vault, '2025-05-01')).name).toBe('kv1');
    expect(unavailable.hits()).toBe(1);
    expect(reset.hits()).toBe(1);
  });

  it('429 faults carry Retry-After and count as throttled for the principal', async () => {
    const before = sim.counters.snapshot().total.throttled;
    sim.faults.add({
      match: { pathPattern: 'storageAccounts/st1' },
      kind: '429',
      retryAfterSeconds: 0,
    });
    expect((await c.resources.resources.getById(IDS.storage, '2025-08-01')).name).toBe('st1');
    expect(sim.counters.snapshot().total.throttled).toBe(before + 1);
  });

  it('only faults the named principal', async () => {
    const other = new SimulatorCredential({ oid: '99999999-9999-4999-8999-999999999999' });
    sim.faults.add({
      match: { principal: other.oid },
      kind: '500',
      times: Infinity,
    });
    expect((await c.resources.resources.getById(IDS.vault, '2025-05-01')).name).toBe('kv1');
    const theirs = new ResourceManagementClient(other, SUB, {
      ...simulatorClientOptions(sim),
      retryOptions: { maxRetries: 0 },
    });
    const err = await restError(theirs.resources.getById(IDS.vault, '2025-05-01'));
    expect(err.statusCode).toBe(500);
  });

  it('a failed-lro fault ends the operation Failed, with no event and a Failed resource', async () => {
    sim.faults.add({
      match: { method: 'PUT', pathPattern: 'publicIPAddresses/pip9' },
      kind: 'failed-lro',
    });
    const events = sim.events.history().length;
    const err = await restError(
      c.network.publicIPAddresses.beginCreateOrUpdateAndWait(
        RG,
        'pip9',
        { location: 'eastus2', publicIPAllocationMethod: 'Static' },
        POLL,
      ),
    ).catch((e: unknown) => e as Error);
    expect(err.message).toMatch(/fail/i);
    expect((await c.network.publicIPAddresses.get(RG, 'pip9')).provisioningState).toBe('Failed');
    expect(sim.events.history()).toHaveLength(events);
  });

  it('a slow-lro fault keeps the operation InProgress for the extra polls', async () => {
    sim.faults.add({
      match: { method: 'POST', pathPattern: '/computes/ci1/stop' },
      kind: 'slow-lro',
      extraPolls: 3,
    });
    const statusPolls = (): number =>
      delayed.filter((d) => d.startsWith('GET') && d.includes('/operationStatuses/')).length;
    const before = statusPolls();
    await c.ml.computeOperations.beginStopAndWait(RG, 'ws1', 'ci1', POLL);
    // Three polls answer InProgress, the fourth Succeeded; without the fault the first does.
    expect(statusPolls() - before).toBe(4);
    const normal = statusPolls();
    await c.ml.computeOperations.beginStartAndWait(RG, 'ws1', 'ci1', POLL);
    expect(statusPolls() - normal).toBe(1);
    const ci = await c.resources.resources.getById(IDS.instance, '2025-12-01');
    expect(ci.properties).toMatchObject({ properties: { state: 'Running' } });
  });
});
