import https from 'node:https';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorCredential, startSimulator, type Simulator } from '../../src/simulator';
import { resourceGraphPlugin } from '../../src/simulator/resource-graph/plugin';
import { generateEstate } from '../../src/simulator/seed/generate';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';

/** @azure/arm-resourcegraph 4.2 is an ms-rest-js client: CA trust goes in through its agent. */
function client(sim: Simulator, agent: https.Agent): ResourceGraphClient {
  return new ResourceGraphClient(new SimulatorCredential({ tid: sim.tenantId }), {
    baseUri: sim.armUrl,
    agentSettings: { https: agent, http: agent },
  });
}

interface Row {
  id: string;
  name: string;
  type: string;
  subscriptionId: string;
  resourceGroup: string;
  properties?: Record<string, unknown>;
}

describe('Resource Graph through @azure/arm-resourcegraph', () => {
  let sim: Simulator;
  let agent: https.Agent;
  let rg: ResourceGraphClient;
  const { subscriptions } = INSECURE_ESTATE;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: insecureEstate({ now: new Date() }),
      plugins: [resourceGraphPlugin()],
    });
    agent = new https.Agent({ ca: sim.ca });
    rg = client(sim, agent);
  });
  afterAll(async () => {
    agent.destroy();
    await sim.stop();
  });

  it('answers a type filter across the request subscriptions with ARG-shaped rows', async () => {
    const result = await rg.resources({
      subscriptions: [subscriptions.prod, subscriptions.research],
      query:
        "resources | where type in~ ('Microsoft.MachineLearningServices/workspaces', 'microsoft.keyvault/vaults')",
    });
    const rows = result.data as Row[];
    expect(result.totalRecords).toBe(7);
    expect(result.count).toBe(7);
    expect(result.resultTruncated).toBe('false');
    expect(result.skipToken).toBeUndefined();
    expect(new Set(rows.map((r) => r.type))).toEqual(
      new Set(['microsoft.machinelearningservices/workspaces', 'microsoft.keyvault/vaults']),
    );
    const hub = rows.find((r) => r.name === INSECURE_ESTATE.workspaces.hub)!;
    expect(hub.subscriptionId).toBe(subscriptions.prod);
    expect(hub.resourceGroup).toBe(INSECURE_ESTATE.resourceGroups.prod);
    expect(hub.properties?.publicNetworkAccess).toBe('Enabled');
  });

  it('filters by subscription in the query and by the request scope', async () => {
    const inQuery = await rg.resources({
      subscriptions: [subscriptions.prod, subscriptions.research],
      query: `resources | where type =~ 'microsoft.keyvault/vaults' | where subscriptionId in~ ('${subscriptions.research}')`,
    });
    expect((inQuery.data as Row[]).map((r) => r.name)).toEqual([INSECURE_ESTATE.vaults.research]);
    const scoped = await rg.resources({
      subscriptions: [subscriptions.prod],
      query: "resources | where type =~ 'microsoft.keyvault/vaults' | project id, name",
    });
    expect((scoped.data as Row[]).map((r) => r.name).sort()).toEqual(
      [INSECURE_ESTATE.vaults.legacy, INSECURE_ESTATE.vaults.secure].sort(),
    );
    expect(Object.keys((scoped.data as Row[])[0]!)).toEqual(['id', 'name']);
  });

  it('holds computes and endpoints but not diagnostic settings or subnets', async () => {
    const all = await rg.resources({
      subscriptions: [subscriptions.prod, subscriptions.research],
      query: 'resources | project id, type',
      options: { top: 1000 },
    });
    const types = new Set((all.data as Row[]).map((r) => r.type));
    expect(types.has('microsoft.machinelearningservices/workspaces/computes')).toBe(true);
    expect(types.has('microsoft.machinelearningservices/workspaces/onlineendpoints')).toBe(true);
    expect(types.has('microsoft.insights/diagnosticsettings')).toBe(false);
    expect(types.has('microsoft.network/virtualnetworks/subnets')).toBe(false);
  });

  it('sees writes to the store', async () => {
    const id = `/subscriptions/${subscriptions.prod}/resourceGroups/${INSECURE_ESTATE.resourceGroups.prod}/providers/Microsoft.Storage/storageAccounts/${INSECURE_ESTATE.storageAccounts.legacy}`;
    const body = sim.state.get(id)!;
    sim.state.put({ ...body, properties: { ...body.properties, minimumTlsVersion: 'TLS1_2' } });
    const result = await rg.resources({
      subscriptions: [subscriptions.prod],
      query: `resources | where name == '${INSECURE_ESTATE.storageAccounts.legacy}'`,
    });
    expect((result.data as Row[])[0]?.properties?.minimumTlsVersion).toBe('TLS1_2');
  });

  it('answers 400 naming the unsupported part of a query', async () => {
    const error = await rg
      .resources({
        subscriptions: [subscriptions.prod],
        query: 'resources | summarize count() by type',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400 });
    const e = error as {
      code?: string;
      message?: string;
      body?: { error?: { code?: string; message?: string } };
    };
    expect(e.code).toBe('BadRequest');
    expect(e.message).toBe('Query unsupported: summarize count() by type');
    expect(e.body?.error?.code).toBe('BadRequest');
  });
});

describe('Resource Graph paging over a generated estate', () => {
  let sim: Simulator;
  let agent: https.Agent;
  const seed = generateEstate({ resources: 3000, seed: 7, subscriptions: 3 });

  beforeAll(async () => {
    sim = await startSimulator({ seed, plugins: [resourceGraphPlugin()] });
    agent = new https.Agent({ ca: sim.ca });
  });
  afterAll(async () => {
    agent.destroy();
    await sim.stop();
  });

  it('returns every matching row once across $skipToken pages', async () => {
    const rg = client(sim, agent);
    const query =
      "resources | where type in~ ('microsoft.machinelearningservices/workspaces/computes', 'microsoft.storage/storageaccounts')";
    const subs = seed.subscriptions.map((s) => s.subscriptionId);
    const expected = seed.resources.filter(
      (r) =>
        r.type === 'Microsoft.MachineLearningServices/workspaces/computes' ||
        r.type === 'Microsoft.Storage/storageAccounts',
    ).length;
    const seen: string[] = [];
    let skipToken: string | undefined;
    let pages = 0;
    do {
      const page = await rg.resources({
        subscriptions: subs,
        query,
        options: skipToken ? { top: 250, skipToken } : { top: 250 },
      });
      expect(page.totalRecords).toBe(expected);
      expect(page.count).toBeLessThanOrEqual(250);
      seen.push(...(page.data as Row[]).map((r) => r.id));
      skipToken = page.skipToken;
      pages += 1;
    } while (skipToken);
    expect(seen).toHaveLength(expected);
    expect(new Set(seen).size).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 250));
  });
});
