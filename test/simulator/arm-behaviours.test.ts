import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator';
import type { Simulator } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { restError } from './support/errors';
import { IDS, RG, smallSeed } from './support/small-seed';

let sim: Simulator;
let c: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  sim = await startSimulator({ seed: smallSeed(), lro: { polls: 2, retryAfterSeconds: 0 } });
  c = clientsFor(sim);
});
afterAll(async () => {
  await sim.stop();
});

function inner(body: { properties?: unknown } | undefined): Record<string, unknown> {
  const props = body?.properties as { properties?: Record<string, unknown> } | undefined;
  return props?.properties ?? {};
}

const POLL = { updateIntervalInMs: 0 };

describe('etags and If-Match (network)', () => {
  it('changes the NIC etag on every write and answers 412 to a stale If-Match', async () => {
    const nic = await c.network.networkInterfaces.get(RG, 'nic1');
    const stale = nic.etag ?? '';
    const updated = await c.network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic1',
      { ...nic, tags: { owner: 'ml' } },
      { requestOptions: { customHeaders: { 'If-Match': stale } }, ...POLL },
    );
    expect(updated.etag).toMatch(/^W\/"/);
    expect(updated.etag).not.toBe(stale);
    expect(updated.tags).toEqual({ owner: 'ml' });
    const err = await restError(
      c.network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'nic1',
        { ...nic, tags: { owner: 'someone-else' } },
        { requestOptions: { customHeaders: { 'If-Match': stale } }, ...POLL },
      ),
    );
    expect(err.statusCode).toBe(412);
    expect(err.code).toBe('PreconditionFailed');
    expect((await c.network.networkInterfaces.get(RG, 'nic1')).tags).toEqual({ owner: 'ml' });
    expect(sim.counters.snapshot().total.preconditionFailed).toBe(1);
  });

  it('ignores If-Match where the provider declares none (ML workspaces, vaults)', async () => {
    const stale = { requestOptions: { customHeaders: { 'If-Match': 'W/"stale"' } }, ...POLL };
    const ws = await c.resources.resources.beginUpdateByIdAndWait(
      IDS.workspace,
      '2025-12-01',
      { tags: { team: 'ds' } },
      stale,
    );
    expect(ws.tags).toEqual({ team: 'ds' });
    const kv = await c.resources.resources.beginUpdateByIdAndWait(
      IDS.vault,
      '2025-05-01',
      { tags: { team: 'ds' } },
      stale,
    );
    expect(kv.tags).toEqual({ team: 'ds' });
  });
});

describe('ML computes', () => {
  it('rejects a change to enableNodePublicIp, fixed at creation', async () => {
    const err = await restError(
      c.resources.resources.beginUpdateByIdAndWait(
        IDS.cluster,
        '2025-12-01',
        { properties: { properties: { enableNodePublicIp: false } } },
        POLL,
      ),
    );
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('PropertyChangeNotAllowed');
    expect(err.message).toContain('properties.properties.enableNodePublicIp');
    const after = await c.resources.resources.getById(IDS.cluster, '2025-12-01');
    expect(inner(after).enableNodePublicIp).toBe(true);
  });

  it('accepts an AmlCompute PATCH of scaleSettings only (typed client, LRO)', async () => {
    const updated = await c.ml.computeOperations.beginUpdateAndWait(
      RG,
      'ws1',
      'cluster1',
      { properties: { scaleSettings: { maxNodeCount: 0, minNodeCount: 0 } } },
      POLL,
    );
    expect(updated.properties?.provisioningState).toBe('Succeeded');
    const read = await c.resources.resources.getById(IDS.cluster, '2025-12-01');
    expect(inner(read).scaleSettings).toEqual({
      maxNodeCount: 0,
      minNodeCount: 0,
      nodeIdleTimeBeforeScaleDown: 'PT5M',
    });
    const other = await restError(
      c.resources.resources.beginUpdateByIdAndWait(
        IDS.cluster,
        '2025-12-01',
        { properties: { description: 'new' } },
        POLL,
      ),
    );
    expect(other.statusCode).toBe(400);
    expect(other.message).toContain('only properties.properties.scaleSettings');
  });

  it('answers 409 to a PUT over an existing compute instead of recreating it', async () => {
    const err = await restError(
      c.ml.computeOperations.beginCreateOrUpdateAndWait(
        RG,
        'ws1',
        'cluster1',
        { location: 'eastus2', properties: { computeType: 'AmlCompute' } },
        POLL,
      ),
    );
    expect(err.statusCode).toBe(409);
    expect(err.message).toContain('would delete and recreate it');
  });

  it('creates a compute through the LRO, then stops and starts it', async () => {
    const created = await c.ml.computeOperations.beginCreateOrUpdateAndWait(
      RG,
      'ws1',
      'ci2',
      {
        location: 'eastus2',
        properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_DS3_V2' } },
      },
      POLL,
    );
    expect(created.properties?.provisioningState).toBe('Succeeded');
    const poller = await c.ml.computeOperations.beginStop(RG, 'ws1', 'ci2', POLL);
    const during = await c.resources.resources.getById(
      `${IDS.workspace}/computes/ci2`,
      '2025-12-01',
    );
    expect(inner(during).state).toBe('Stopping');
    await poller.pollUntilDone();
    const stopped = await c.resources.resources.getById(
      `${IDS.workspace}/computes/ci2`,
      '2025-12-01',
    );
    expect(inner(stopped).state).toBe('Stopped');
    const again = await restError(c.ml.computeOperations.beginStopAndWait(RG, 'ws1', 'ci2', POLL));
    expect(again.statusCode).toBe(409);
    await c.ml.computeOperations.beginStartAndWait(RG, 'ws1', 'ci2', POLL);
    const running = await c.resources.resources.getById(
      `${IDS.workspace}/computes/ci2`,
      '2025-12-01',
    );
    expect(inner(running).state).toBe('Running');
    await c.ml.computeOperations.beginDeleteAndWait(RG, 'ws1', 'ci2', 'Delete', POLL);
    expect(sim.state.has(`${IDS.workspace}/computes/ci2`)).toBe(false);
  });

  it('sets idle shutdown through POST updateIdleShutdownSetting', async () => {
    const url = `${sim.armUrl}${IDS.instance}/updateIdleShutdownSetting?api-version=2025-12-01`;
    const ok = await c.ml.sendRequest(
      createPipelineRequest({
        url,
        method: 'POST',
        body: JSON.stringify({ idleTimeBeforeShutdown: 'PT30M' }),
      }),
    );
    expect(ok.status).toBe(200);
    const read = await c.resources.resources.getById(IDS.instance, '2025-12-01');
    expect(inner(read).idleTimeBeforeShutdown).toBe('PT30M');
    const bad = await c.ml.sendRequest(
      createPipelineRequest({
        url,
        method: 'POST',
        body: JSON.stringify({ idleTimeBeforeShutdown: 'PT5M' }),
      }),
    );
    expect(bad.status).toBe(400);
    const cluster = await c.ml.sendRequest(
      createPipelineRequest({
        url: url.replace('/ci1/', '/cluster1/'),
        method: 'POST',
        body: JSON.stringify({ idleTimeBeforeShutdown: 'PT30M' }),
      }),
    );
    expect(cluster.status).toBe(400);
  });
});

describe('Key Vault', () => {
  it('refuses to turn purge protection or soft delete off', async () => {
    for (const property of ['enablePurgeProtection', 'enableSoftDelete']) {
      const err = await restError(
        c.resources.resources.beginUpdateByIdAndWait(
          IDS.vault,
          '2025-05-01',
          { properties: { [property]: false } },
          POLL,
        ),
      );
      expect(err.statusCode).toBe(400);
      expect(err.message).toContain(property);
    }
    const ok = await c.resources.resources.beginUpdateByIdAndWait(
      IDS.vault,
      '2025-05-01',
      { properties: { publicNetworkAccess: 'Disabled' } },
      POLL,
    );
    expect(ok.properties).toMatchObject({
      publicNetworkAccess: 'Disabled',
      enablePurgeProtection: true,
    });
  });
});

describe('read-only properties', () => {
  it('ignores provisioningState and server-owned properties in a write', async () => {
    const updated = await c.resources.resources.beginCreateOrUpdateByIdAndWait(
      IDS.workspace,
      '2025-12-01',
      {
        location: 'eastus2',
        properties: {
          publicNetworkAccess: 'Disabled',
          provisioningState: 'Failed',
          privateEndpointConnections: [{ id: 'forged' }],
        },
      },
      POLL,
    );
    expect(updated.properties).toMatchObject({
      publicNetworkAccess: 'Disabled',
      provisioningState: 'Succeeded',
    });
    // The forged connection is dropped; with none, the workspace omits the member (as Azure does).
    expect(updated.properties).not.toHaveProperty('privateEndpointConnections');
  });

  it('refuses to move an existing resource to another location', async () => {
    const err = await restError(
      c.resources.resources.beginCreateOrUpdateByIdAndWait(
        IDS.workspace,
        '2025-12-01',
        { location: 'westeurope', properties: {} },
        POLL,
      ),
    );
    expect(err.code).toBe('InvalidResourceLocation');
  });
});
