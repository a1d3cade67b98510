import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import type { Simulator } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { restError } from './support/errors';
import { IDS, RG, SUB, smallSeed } from './support/small-seed';

let sim: Simulator;
let c: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  sim = await startSimulator({
    seed: smallSeed(5),
    pageSize: 3,
    lro: { polls: 1, retryAfterSeconds: 0 },
  });
  c = clientsFor(sim);
});
afterAll(async () => {
  await sim.stop();
});

describe('simulator ARM: reads through the real SDK clients', () => {
  it('serves a resource by id at each pinned api-version', async () => {
    const ws = await c.resources.resources.getById(IDS.workspace, '2025-12-01');
    expect(ws.id).toBe(IDS.workspace);
    expect(ws.properties).toMatchObject({ publicNetworkAccess: 'Enabled' });
    const vault = await c.resources.resources.getById(IDS.vault, '2025-05-01');
    expect(vault.properties).toMatchObject({ enablePurgeProtection: true });
    const storage = await c.resources.resources.getById(IDS.storage, '2025-08-01');
    expect(storage.properties).toMatchObject({ minimumTlsVersion: 'TLS1_0' });
    const oai = await c.resources.resources.getById(IDS.cognitive, '2025-09-01');
    expect(oai.kind).toBe('OpenAI');
  });

  it('gives network and Cognitive Services resources an etag, and ML, vaults, storage none', async () => {
    const nic = await c.network.networkInterfaces.get(RG, 'nic1');
    expect(nic.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    const oai = await c.resources.resources.getById(IDS.cognitive, '2025-09-01');
    expect(oai.properties).toBeDefined();
    const raw = await c.resources.sendRequest(
      createPipelineRequest({ url: `${sim.armUrl}${IDS.cognitive}?api-version=2025-09-01` }),
    );
    expect(JSON.parse(raw.bodyAsText ?? '{}')).toHaveProperty('etag');
    for (const [id, v] of [
      [IDS.workspace, '2025-12-01'],
      [IDS.cluster, '2025-12-01'],
      [IDS.vault, '2025-05-01'],
      [IDS.storage, '2025-08-01'],
    ] as const) {
      const r = await c.resources.sendRequest(
        createPipelineRequest({ url: `${sim.armUrl}${id}?api-version=${v}` }),
      );
      expect(JSON.parse(r.bodyAsText ?? '{}')).not.toHaveProperty('etag');
    }
  });

  it('pages computes with nextLink and the SDK follows every page', async () => {
    const names: string[] = [];
    for await (const compute of c.ml.computeOperations.list(RG, 'ws1'))
      names.push(compute.name ?? '');
    expect(names).toHaveLength(7);
    expect(names).toContain('cluster1');
    expect(names).toContain('extra004');
    const first = await c.resources.sendRequest(
      createPipelineRequest({
        url: `${sim.armUrl}${IDS.workspace}/computes?api-version=2025-12-01`,
      }),
    );
    const page = JSON.parse(first.bodyAsText ?? '{}') as { value: unknown[]; nextLink?: string };
    expect(page.value).toHaveLength(3);
    expect(page.nextLink).toMatch(/\$skiptoken=3/);
  });

  it('lists by resource group and subscription, and the generic resource list', async () => {
    const inRg: string[] = [];
    for await (const nic of c.network.networkInterfaces.list(RG)) inRg.push(nic.name ?? '');
    expect(inRg).toEqual(['nic1']);
    const pips: string[] = [];
    for await (const pip of c.network.publicIPAddresses.listAll()) pips.push(pip.name ?? '');
    expect(pips.sort()).toEqual(['pip1', 'pip2']);
    const all: string[] = [];
    for await (const r of c.resources.resources.list()) all.push(r.type ?? '');
    expect(all).toContain('Microsoft.MachineLearningServices/workspaces');
    expect(all).not.toContain('Microsoft.Storage/storageAccounts/blobServices');
    const filtered: string[] = [];
    for await (const r of c.resources.resources.list({
      filter: "resourceType eq 'Microsoft.KeyVault/vaults'",
    })) {
      filtered.push(r.name ?? '');
    }
    expect(filtered).toEqual(['kv1']);
    const groups: string[] = [];
    for await (const g of c.resources.resourceGroups.list()) groups.push(g.name ?? '');
    expect(groups).toEqual([RG]);
  });

  it('answers 404 ResourceNotFound and ParentResourceNotFound as ARM does', async () => {
    const missing = await restError(c.ml.computeOperations.get(RG, 'ws1', 'nope'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('ResourceNotFound');
    const orphan = await restError(c.ml.computeOperations.get(RG, 'no-such-ws', 'c1'));
    expect(orphan.statusCode).toBe(404);
    expect(orphan.code).toBe('ParentResourceNotFound');
    const rg = await restError(
      c.resources.resources.getById(
        `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.KeyVault/vaults/x`,
        '2025-05-01',
      ),
    );
    expect(rg.code).toBe('ResourceGroupNotFound');
  });

  it('rejects an api-version the provider does not publish, naming the supported ones', async () => {
    const err = await restError(c.resources.resources.getById(IDS.workspace, '2019-01-01'));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('NoRegisteredProviderFound');
    expect(err.message).toContain('2025-12-01');
    const bad = await restError(c.resources.resources.getById(IDS.vault, 'latest'));
    expect(bad.code).toBe('InvalidApiVersionParameter');
    expect(bad.message).toContain("The api-version 'latest' is invalid");
  });

  it('answers HEAD existence checks (checkExistenceById, resource groups)', async () => {
    expect((await c.resources.resources.checkExistenceById(IDS.vault, '2025-05-01')).body).toBe(
      true,
    );
    expect(
      (await c.resources.resources.checkExistenceById(`${IDS.vault}x`, '2025-05-01')).body,
    ).toBe(false);
    expect((await c.resources.resourceGroups.checkExistence(RG)).body).toBe(true);
    expect((await c.resources.resourceGroups.checkExistence('nope')).body).toBe(false);
  });

  it('rejects a body that is not JSON with InvalidRequestContent', async () => {
    const r = await c.resources.sendRequest(
      createPipelineRequest({
        url: `${sim.armUrl}${IDS.vault}?api-version=2025-05-01`,
        method: 'PATCH',
        body: '{"properties":',
      }),
    );
    expect(r.status).toBe(400);
    expect(JSON.parse(r.bodyAsText ?? '{}')).toMatchObject({
      error: { code: 'InvalidRequestContent' },
    });
  });

  it('refuses callers without a bearer token', async () => {
    const r = await fetchWithoutToken(`${sim.armUrl}${IDS.workspace}?api-version=2025-12-01`);
    expect(r.status).toBe(401);
  });

  it('is not trusted by a client that was not given the CA', async () => {
    const untrusted = new ResourceManagementClient(new SimulatorCredential(), SUB, {
      endpoint: sim.armUrl,
      retryOptions: { maxRetries: 0 },
    });
    await expect(untrusted.resources.getById(IDS.workspace, '2025-12-01')).rejects.toThrow(
      /certificate/i,
    );
  });
});

describe('simulator ARM: writes through the real SDK clients', () => {
  it('creates, updates and deletes a storage account as long-running operations', async () => {
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Storage/storageAccounts/st2`;
    const created = await c.resources.resources.beginCreateOrUpdateByIdAndWait(id, '2025-08-01', {
      location: 'eastus2',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS' },
      properties: { minimumTlsVersion: 'TLS1_0', provisioningState: 'Bogus' },
    });
    expect(created.properties).toMatchObject({
      minimumTlsVersion: 'TLS1_0',
      provisioningState: 'Succeeded',
    });
    const blob = await c.resources.resources.getById(`${id}/blobServices/default`, '2025-08-01');
    expect(blob.type).toBe('Microsoft.Storage/storageAccounts/blobServices');
    const patched = await c.resources.resources.beginUpdateByIdAndWait(id, '2025-08-01', {
      properties: { minimumTlsVersion: 'TLS1_2' },
    });
    expect(patched.properties).toMatchObject({ minimumTlsVersion: 'TLS1_2' });
    expect(patched.sku?.name).toBe('Standard_LRS');
    await c.resources.resources.beginDeleteByIdAndWait(id, '2025-08-01');
    const gone = await restError(c.resources.resources.getById(id, '2025-08-01'));
    expect(gone.statusCode).toBe(404);
  });

  it('rejects an invalid minimumTlsVersion', async () => {
    const err = await restError(
      c.resources.resources.beginUpdateByIdAndWait(IDS.storage, '2025-08-01', {
        properties: { minimumTlsVersion: 'TLS9' },
      }),
    );
    expect(err.statusCode).toBe(400);
  });

  it('requires a location to create a tracked resource', async () => {
    const err = await restError(
      c.resources.resources.beginCreateOrUpdateByIdAndWait(
        `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.OperationalInsights/workspaces/l2`,
        '2025-07-01',
        { properties: {} },
      ),
    );
    expect(err.code).toBe('LocationRequired');
  });

  it('creates, lists and deletes diagnostic settings as extension resources (MonitorClient)', async () => {
    const target = `${IDS.storage}/blobServices/default`;
    const setting = await c.monitor.diagnosticSettings.createOrUpdate(target, 'audit-to-logs', {
      workspaceId: IDS.logs,
      logs: [{ category: 'StorageRead', enabled: true }],
    });
    expect(setting.id).toBe(
      `${target}/providers/Microsoft.Insights/diagnosticSettings/audit-to-logs`,
    );
    const list = await c.monitor.diagnosticSettings.list(target);
    expect(list.value?.map((s) => s.name)).toEqual(['audit-to-logs']);
    const viaGeneric = await c.resources.resources.getById(
      `${target}/providers/Microsoft.Insights/diagnosticSettings/audit-to-logs`,
      '2021-05-01-preview',
    );
    expect(viaGeneric.properties).toMatchObject({ workspaceId: IDS.logs });
    const noDest = await restError(
      c.monitor.diagnosticSettings.createOrUpdate(IDS.vault, 'x', { logs: [] }),
    );
    expect(noDest.statusCode).toBe(400);
    const noTarget = await restError(
      c.monitor.diagnosticSettings.createOrUpdate(`${IDS.vault}-missing`, 'x', {
        workspaceId: IDS.logs,
      }),
    );
    expect(noTarget.statusCode).toBe(404);
    await c.monitor.diagnosticSettings.delete(target, 'audit-to-logs');
    expect((await c.monitor.diagnosticSettings.list(target)).value).toEqual([]);
  });

  it('deleting a resource removes its extension resources too', async () => {
    await c.monitor.diagnosticSettings.createOrUpdate(IDS.logs, 'self', { workspaceId: IDS.logs });
    expect(sim.state.has(`${IDS.logs}/providers/Microsoft.Insights/diagnosticSettings/self`)).toBe(
      true,
    );
    await c.resources.resources.beginDeleteByIdAndWait(IDS.logs, '2025-07-01');
    expect(sim.state.has(`${IDS.logs}/providers/Microsoft.Insights/diagnosticSettings/self`)).toBe(
      false,
    );
  });
});

async function fetchWithoutToken(url: string): Promise<{ status: number }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    request(url, { ca: sim.ca }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    })
      .on('error', reject)
      .end();
  });
}
