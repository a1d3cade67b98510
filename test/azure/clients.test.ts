import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceGraphPlugin } from '../../src/simulator/resource-graph/plugin';
import { isLoopbackUrl } from '../../src/azure/clients';
import { RESOURCE_GRAPH_KEY, ThrottleBuckets } from '../../src/azure/throttle';
import { idOf, startHarness, type Harness } from '../readers/simulator-harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ plugins: [resourceGraphPlugin()] });
});
afterAll(async () => {
  await h.sim.stop();
});

describe('ARM clients against the simulator', () => {
  it('sends a burst of 300 reads through the buckets without a single 429', async () => {
    h.sim.counters.reset();
    const clients = h.clients({ throttle: new ThrottleBuckets() });
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01');
    const client = await clients.resources(h.sim.subscriptions[0]?.subscriptionId);
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, () => client.resources.getById(id.slice(1), '2025-08-01')),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(h.reads()).toBe(300);
    expect(h.throttled()).toBe(0);
  });

  it('would have been throttled without them (a burst the refill cannot cover)', async () => {
    // A simulator with a small read bucket, so the burst outruns its refill by far.
    const small = await startHarness({ throttle: { reads: { capacity: 20, refillPerSecond: 2 } } });
    try {
      const clients = small.clients({
        throttle: new ThrottleBuckets({
          limits: {
            read: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
            write: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
          },
        }),
        retryOptions: { maxRetries: 0 },
      });
      const id = idOf(small.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01');
      const client = await clients.resources(small.sim.subscriptions[0]?.subscriptionId);
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, () => client.resources.getById(id.slice(1), '2025-08-01')),
      );
      expect(small.throttled()).toBeGreaterThan(0);
      expect(results.filter((r) => r.status === 'rejected').length).toBe(small.throttled());
    } finally {
      await small.sim.stop();
    }
  });

  it('builds one client per subscription and reuses it', async () => {
    const clients = h.clients();
    const [a, b] = h.sim.subscriptions.map((s) => s.subscriptionId);
    const first = await clients.resources(a);
    expect(await clients.resources(a)).toBe(first);
    expect(await clients.resources(b)).not.toBe(first);
    expect(await clients.network(a)).toBe(await clients.network(a));
  });

  it('reaches the simulator with every typed client (endpoint, CA and token scope per client)', async () => {
    const clients = h.clients();
    const sub = h.sim.subscriptions[0]?.subscriptionId ?? '';
    const nicId = idOf(h.seed, 'Microsoft.Network/networkInterfaces', 'nic-jumpbox');
    const rg = nicId.split('/')[4] ?? '';
    const nic = await (await clients.network(sub)).networkInterfaces.get(rg, 'nic-jumpbox');
    expect(nic.id?.toLowerCase()).toBe(nicId.toLowerCase());
    const computeId = idOf(
      h.seed,
      'Microsoft.MachineLearningServices/workspaces/computes',
      'ci-alice',
    );
    const compute = await (
      await clients.machineLearning(sub)
    ).computeOperations.get(computeId.split('/')[4] ?? '', 'mlw-prod-public', 'ci-alice');
    expect(compute.name).toBe('ci-alice');
    const vaultId = idOf(h.seed, 'Microsoft.KeyVault/vaults', 'kv-ml-prod-secure');
    const settings = await (await clients.monitor(sub)).diagnosticSettings.list(vaultId);
    expect(settings.value?.map((s) => s.name)).toEqual(['to-log-analytics']);
  });

  it('queries Resource Graph through the older pipeline with the CA, the throttle and its own bucket', async () => {
    // A clock that stands still: the bucket shows exactly what was spent.
    const throttle = new ThrottleBuckets({
      clock: { now: () => 0, sleep: () => Promise.resolve() },
    });
    const clients = h.clients({ throttle });
    const graph = await clients.resourceGraph();
    const result = await graph.resources({
      subscriptions: h.sim.subscriptions.map((s) => s.subscriptionId),
      query: "Resources | where type =~ 'microsoft.storage/storageaccounts' | project id, name",
      options: { resultFormat: 'objectArray' },
    });
    const rows = result.data as { name: string }[];
    expect(rows.map((r) => r.name).sort()).toEqual([
      'stmlprodlegacy01',
      'stmlprodsecure01',
      'stmlresearch01',
    ]);
    expect(throttle.available(RESOURCE_GRAPH_KEY, 'write')).toBe(14);
  });
});

describe('isLoopbackUrl', () => {
  it('recognises loopback vault URLs only', () => {
    expect(isLoopbackUrl('https://127.0.0.1:8443/')).toBe(true);
    expect(isLoopbackUrl('https://localhost:1234')).toBe(true);
    expect(isLoopbackUrl('https://[::1]:1234')).toBe(true);
    expect(isLoopbackUrl('https://kv-ml-prod.vault.azure.net')).toBe(false);
    expect(isLoopbackUrl('https://127.0.0.1.example.com')).toBe(false);
  });
});
