import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { clientsFor } from './support/clients';
import { restError } from './support/errors';
import { IDS, RG } from './support/small-seed';
import { smallSeedSimulators } from './support/start';

const POLL = { updateIntervalInMs: 0 };
const start = smallSeedSimulators();

describe('long-running operations', () => {
  it('answers 201 with Azure-AsyncOperation, Location and Retry-After, then polls to Succeeded', async () => {
    const sim = await start({ lro: { polls: 2, retryAfterSeconds: 1 } });
    const c = clientsFor(sim);
    const url = `${sim.armUrl}${IDS.workspace}/onlineEndpoints/ep1?api-version=2025-12-01`;
    const created = await c.ml.sendRequest(
      createPipelineRequest({
        url,
        method: 'PUT',
        body: JSON.stringify({
          location: 'eastus2',
          identity: { type: 'SystemAssigned' },
          properties: { authMode: 'Key', publicNetworkAccess: 'Enabled' },
        }),
      }),
    );
    expect(created.status).toBe(201);
    expect(JSON.parse(created.bodyAsText ?? '{}')).toMatchObject({
      properties: { provisioningState: 'Creating' },
    });
    const asyncOp = created.headers.get('azure-asyncoperation') ?? '';
    expect(asyncOp).toContain(
      '/providers/Microsoft.MachineLearningServices/locations/eastus2/operationStatuses/',
    );
    expect(created.headers.get('location')).toContain('/operationResults/');
    expect(created.headers.get('retry-after')).toBe('1');
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const poll = await c.ml.sendRequest(createPipelineRequest({ url: asyncOp }));
      statuses.push((JSON.parse(poll.bodyAsText ?? '{}') as { status: string }).status);
    }
    expect(statuses).toEqual(['InProgress', 'InProgress', 'Succeeded']);
    const endpoint = await c.ml.onlineEndpoints.get(RG, 'ws1', 'ep1');
    expect(endpoint.properties.provisioningState).toBe('Succeeded');
    expect(endpoint.properties.authMode).toBe('Key');
  });

  it('refuses another change while an operation on the resource runs', async () => {
    const sim = await start({ lro: { polls: 5, retryAfterSeconds: 0 } });
    const c = clientsFor(sim);
    await c.ml.computeOperations.beginStop(RG, 'ws1', 'ci1', POLL);
    const busy = await restError(c.ml.computeOperations.beginStartAndWait(RG, 'ws1', 'ci1', POLL));
    expect(busy.statusCode).toBe(409);
    expect(busy.code).toBe('AnotherOperationInProgress');
    expect(sim.lroInProgress()).toBe(1);
    sim.settleOperations();
    expect(sim.lroInProgress()).toBe(0);
    const ci = await c.resources.resources.getById(IDS.instance, '2025-12-01');
    expect(ci.properties).toMatchObject({ properties: { state: 'Stopped' } });
  });

  it('completes operations by time when durationMs is set, polled or not', async () => {
    const sim = await start({ lro: { polls: 1000, durationMs: 0, retryAfterSeconds: 0 } });
    const c = clientsFor(sim);
    const updated = await c.ml.workspaces.beginUpdateAndWait(
      RG,
      'ws1',
      { publicNetworkAccess: 'Disabled' },
      POLL,
    );
    expect(updated.publicNetworkAccess).toBe('Disabled');
    expect(updated.provisioningState).toBe('Succeeded');
  });
});

describe('Cognitive Services accounts', () => {
  it('change their etag on a PATCH and refuse a stale If-Match with 412', async () => {
    const sim = await start();
    const c = clientsFor(sim);
    const before = await c.resources.resources.getById(IDS.cognitive, '2025-09-01');
    const raw = await c.resources.sendRequest(
      createPipelineRequest({ url: `${sim.armUrl}${IDS.cognitive}?api-version=2025-09-01` }),
    );
    const etag = raw.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/"datetime'/);
    const patched = await c.resources.resources.beginUpdateByIdAndWait(
      IDS.cognitive,
      '2025-09-01',
      { properties: { publicNetworkAccess: 'Disabled' } },
      { requestOptions: { customHeaders: { 'If-Match': etag } }, ...POLL },
    );
    expect(patched.properties).toMatchObject({
      publicNetworkAccess: 'Disabled',
      disableLocalAuth: false,
    });
    expect(before.kind).toBe('OpenAI');
    const stale = await restError(
      c.resources.resources.beginUpdateByIdAndWait(
        IDS.cognitive,
        '2025-09-01',
        { properties: { disableLocalAuth: true } },
        { requestOptions: { customHeaders: { 'If-Match': etag } }, ...POLL },
      ),
    );
    expect(stale.statusCode).toBe(412);
  });
});
