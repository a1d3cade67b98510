import { describe, expect, it } from 'vitest';
import type { SimulatorPlugin } from '../../src/simulator';
import { defaultPlugins } from '../../src/simulator/plugins';
import { insecureEstate } from '../../src/simulator/seed/insecure-estate';
import { readSnapshot } from '../../src/readers';
import { idOf, useHarness } from './simulator-harness';

const seed = insecureEstate({ now: new Date('2026-11-23T00:00:00Z') });
const WORKSPACE = idOf(seed, 'Microsoft.MachineLearningServices/workspaces', 'mlw-prod-secure');

/**
 * Some api-versions leave `privateEndpointConnections` out of the workspace body. This route
 * serves one workspace that way; its connections stay listable through their own API.
 */
function bodyWithoutConnections(): SimulatorPlugin {
  return {
    name: 'workspace-without-connections',
    install(core) {
      const path = new URL(WORKSPACE, 'https://x').pathname;
      core.routes.register({
        name: 'workspace-get-without-connections',
        method: 'GET',
        pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'),
        plane: 'arm',
        kind: 'read',
        handle: () => {
          const body = core.state.get(WORKSPACE);
          if (body?.properties) delete body.properties.privateEndpointConnections;
          return { status: 200, body };
        },
      });
    },
  };
}

const h = useHarness({ plugins: [...defaultPlugins(), bodyWithoutConnections()] });

describe('private endpoint connections', () => {
  it('lists them through their own API when the body lacks them: one more read', async () => {
    h.sim.counters.reset();
    const result = await readSnapshot(WORKSPACE, { clients: h.clients() });
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    const connections = result.snapshot.related.privateEndpointConnections ?? [];
    const expected = h.sim.state.list({
      parentId: WORKSPACE,
      type: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections',
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(connections.map((c) => c.id)).toEqual(expected.map((c) => c.id));
    expect(result.snapshot.related.diagnosticSettings).toBeDefined();
    expect(h.reads()).toBe(3);
  });

  it('keeps the connections when the diagnostic settings read fails', async () => {
    h.sim.faults.add({
      kind: '500',
      match: { pathPattern: 'diagnosticSettings' },
      times: Infinity,
    });
    try {
      const result = await readSnapshot(WORKSPACE, {
        clients: h.clients({ retryOptions: { maxRetries: 0 } }),
      });
      if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
      expect(result.snapshot.related.privateEndpointConnections?.length).toBeGreaterThan(0);
      expect('diagnosticSettings' in result.snapshot.related).toBe(false);
      expect(result.warnings.map((w) => w.key)).toEqual(['diagnosticSettings']);
    } finally {
      h.sim.faults.clear();
    }
  });
});
