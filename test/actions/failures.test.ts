import { describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/registry';
import { readPath } from '../../src/rules/paths';
import { WARD_PRINCIPAL_ID } from '../support/simulator';
import { IDS } from './support/estate';
import { useActionsEstate } from './support/use-actions-estate';

const registry = createActionRegistry();
const estate = useActionsEstate();

describe('when Azure fails the change', () => {
  it('a long-running operation that ends Failed is reported unknown with an alert, not as success', async () => {
    estate.h.sim.faults.add({
      kind: 'failed-lro',
      match: { method: 'PATCH', pathPattern: 'oai-public', principal: WARD_PRINCIPAL_ID },
    });
    const report = await estate.t.execute(
      registry.get('cognitive-disable-local-auth'),
      'cognitive-local-auth-disabled',
      IDS.cognitive,
    );
    // The re-read shows ward's value with provisioning state Failed: what happened is unsettled.
    expect(report).toMatchObject({ outcome: 'unknown', alert: true });
    expect(report.detail).toMatch(/provisioning state Failed/);
  });

  it('a throttled write (429) is retried by the client pipeline and then succeeds', async () => {
    const fault = estate.h.sim.faults.add({
      kind: '429',
      retryAfterSeconds: 0,
      match: { method: 'PATCH', pathPattern: 'stlegacy', principal: WARD_PRINCIPAL_ID },
    });
    const report = await estate.t.execute(
      registry.get('storage-set-min-tls-1-2'),
      'storage-min-tls-1-2',
      IDS.storage,
    );
    expect(report.outcome).toBe('succeeded');
    expect(fault.hits()).toBe(1);
    expect(readPath(estate.h.sim.state.get(IDS.storage), 'properties.minimumTlsVersion')).toBe(
      'TLS1_2',
    );
  });

  it('a refused write (400 from the provider) fails with the provider’s message', async () => {
    const action = registry.get('ml-compute-set-idle-shutdown');
    const plan = await estate.t.plan(action, IDS.instance);
    const tooShort = { ...plan, changes: plan.changes.map((c) => ({ ...c, after: 'PT5M' })) };
    await expect(action.apply(tooShort, estate.t.deps)).rejects.toMatchObject({
      code: 'write-failed',
      statusCode: 400,
      message: expect.stringContaining('between PT15M and P3D') as unknown,
    });
  });

  it('an edited stored plan missing its parameters is refused before any request', async () => {
    const action = registry.get('ml-workspace-create-private-endpoint');
    const plan = await estate.t.plan(action, IDS.workspaceNoPe);
    await expect(action.apply({ ...plan, parameters: {} }, estate.t.deps)).rejects.toMatchObject({
      code: 'invalid-plan',
    });
    expect(estate.h.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.writes ?? 0).toBe(0);
  });
});

describe('stored plans that lost their basis', () => {
  it('a conditional action refuses a plan without its etag rather than write unconditionally', async () => {
    const action = registry.get('cognitive-disable-public-network');
    const { basisEtag: _dropped, ...plan } = await estate.t.plan(action, IDS.cognitive);
    await expect(action.apply(plan, estate.t.deps)).rejects.toMatchObject({ code: 'invalid-plan' });
    expect(estate.h.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.writes ?? 0).toBe(0);
  });
});
