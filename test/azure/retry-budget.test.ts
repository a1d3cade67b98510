import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceGraphPlugin } from '../../src/simulator/resource-graph/plugin';
import { idOf, startHarness, type Harness } from '../readers/simulator-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ plugins: [resourceGraphPlugin()] });
});
afterAll(async () => {
  await h.sim.stop();
});

const GRAPH = { method: 'POST' as const, pathPattern: 'Microsoft.ResourceGraph' };

function query(subscriptions: string[]) {
  return {
    subscriptions,
    query: "Resources | where type =~ 'microsoft.storage/storageaccounts' | project id, name",
    options: { resultFormat: 'objectArray' as const },
  };
}

describe("Resource Graph on ward's retry policy", () => {
  const subscriptions = () => h.sim.subscriptions.map((s) => s.subscriptionId);

  it("retries 500s with ward's delays and count, not the old pipeline's 30 s base", async () => {
    const fault = h.sim.faults.add({ kind: '500', times: 3, match: GRAPH });
    const clients = h.clients({
      retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    });
    const graph = await clients.resourceGraph();
    const result = await graph.resources(query(subscriptions()));
    expect((result.data as unknown[]).length).toBe(3);
    expect(fault.hits()).toBe(3);
    fault.remove();
  });

  it('stops after the retry count with the last answer', async () => {
    const fault = h.sim.faults.add({ kind: '500', times: 10, match: GRAPH });
    const clients = h.clients({
      retryOptions: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    });
    const graph = await clients.resourceGraph();
    await expect(graph.resources(query(subscriptions()))).rejects.toMatchObject({
      statusCode: 500,
    });
    expect(fault.hits()).toBe(2);
    fault.remove();
  });

  it('gives up at once, retryable, when the next wait would pass the time budget', async () => {
    const fault = h.sim.faults.add({ kind: '500', times: 10, match: GRAPH });
    const clients = h.clients({
      retryOptions: { maxRetries: 3, retryDelayInMs: 60_000, maxRetryDelayInMs: 90_000 },
      requestBudgetMs: 1_000,
    });
    const graph = await clients.resourceGraph();
    await expect(graph.resources(query(subscriptions()))).rejects.toMatchObject({
      code: 'retry-budget-spent',
      retryable: true,
    });
    expect(fault.hits()).toBe(1);
    fault.remove();
  });
});

describe('the time budget of the other clients', () => {
  it('refuses the next try once a call has used its budget, retryable', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01');
    const fault = h.sim.faults.add({
      kind: '500',
      times: 10,
      match: { method: 'GET', pathPattern: 'stmlprodlegacy01' },
    });
    const clients = h.clients({
      retryOptions: { maxRetries: 5, retryDelayInMs: 300, maxRetryDelayInMs: 300 },
      requestBudgetMs: 200,
    });
    const client = await clients.resources(h.sim.subscriptions[0]?.subscriptionId);
    await expect(client.resources.getById(id.slice(1), '2025-08-01')).rejects.toMatchObject({
      code: 'retry-budget-spent',
      retryable: true,
    });
    expect(fault.hits()).toBe(1);
    fault.remove();
  });
});
