import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmRequestError, startSimulator } from '../../src/simulator';
import type { SimulatorPlugin, Simulator } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { IDS, smallSeed } from './support/small-seed';

let sim: Simulator;
let stopped = 0;

const echoPlugin: SimulatorPlugin = {
  name: 'echo',
  install(core) {
    core.routes.register({
      name: 'echo-data',
      method: 'GET',
      pattern: /^\/echo\/([^/]+)$/,
      plane: 'data',
      handle: (req, match) =>
        req.principal
          ? { status: 200, body: { vault: match[1], caller: req.principal.id } }
          : { status: 401, headers: { 'www-authenticate': 'Bearer authorization="x"' } },
    });
    core.routes.register({
      name: 'echo-arm',
      method: 'POST',
      pattern: /^\/providers\/Echo\/count$/,
      plane: 'arm',
      kind: 'read',
      handle: () => {
        if (core.state.size === 0) throw new ArmRequestError(409, 'Empty', 'no resources');
        return {
          status: 200,
          body: { count: core.state.list({ type: 'Microsoft.KeyVault/vaults' }).length },
        };
      },
    });
  },
  stop: () => {
    stopped++;
  },
};

beforeAll(async () => {
  sim = await startSimulator({ seed: smallSeed(), plugins: [echoPlugin] });
});
afterAll(async () => {
  await sim.stop();
  expect(stopped).toBe(1);
});

describe('plugin routes', () => {
  it('serve data-plane routes without ARM auth and ARM routes with it', async () => {
    const c = clientsFor(sim);
    const data = await c.resources.sendRequest(
      createPipelineRequest({ url: `${sim.armUrl}/echo/kv1` }),
    );
    expect(JSON.parse(data.bodyAsText ?? '{}')).toEqual({ vault: 'kv1', caller: c.credential.oid });
    const arm = await c.resources.sendRequest(
      createPipelineRequest({ url: `${sim.armUrl}/providers/Echo/count`, method: 'POST' }),
    );
    expect(JSON.parse(arm.bodyAsText ?? '{}')).toEqual({ count: 1 });
    expect(arm.headers.get('x-ms-ratelimit-remaining-subscription-reads')).not.toBeNull();
    expect(sim.counters.snapshot().byPrincipal[c.credential.oid]?.reads).toBe(2);
    expect(sim.state.get(IDS.vault)?.name).toBe('kv1');
  });
});
