import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/errors';
import { createActionRegistry } from '../../src/actions/registry';
import { readPath } from '../../src/rules/paths';
import type { EventGridEvent } from '../../src/simulator';
import { WARD_PRINCIPAL_ID } from '../support/simulator';
import { testPolicy } from './support/context';
import { IDS } from './support/estate';
import { useActionsEstate } from './support/use-actions-estate';

const registry = createActionRegistry();
const estate = useActionsEstate();

async function valueAt(resourceId: string, path: string): Promise<unknown> {
  const snapshot = await estate.t.read(resourceId);
  return snapshot.subject.kind === 'arm' ? readPath(snapshot.subject.resource, path) : undefined;
}

/** ward's writes on one resource, as Event Grid reports them (method and operation). */
function wardWrites(resourceId: string): { method: unknown; operation: unknown }[] {
  return estate.h.sim.events
    .history()
    .filter((e: EventGridEvent) => e.subject.toLowerCase() === resourceId.toLowerCase())
    .filter((e) => JSON.stringify(e.data.claims).includes(WARD_PRINCIPAL_ID))
    .map((e) => ({
      method: (e.data.httpRequest as { method?: string } | undefined)?.method,
      operation: e.data.operationName,
    }));
}

function wardCount(key: 'deletes' | 'writes' | 'actions'): number {
  return estate.h.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.[key] ?? 0;
}

describe('ml-compute-stop-or-scale-to-zero', () => {
  const action = registry.get('ml-compute-stop-or-scale-to-zero');

  it('stops a compute instance with a public IP, verifies Stopped, never PUTs or deletes, and starts it again on revert', async () => {
    const failing = await estate.t.read(IDS.instance);
    expect(estate.t.status('ml-compute-no-public-ip', failing)).toBe('fail');
    const planned = action.plan(failing, estate.t.planContext);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.summary).toMatch(/ticket to recreate/);
    expect(action.precondition(planned.plan, await estate.t.read(IDS.instance))).toEqual({
      ok: true,
    });

    const report = await estate.t.execute(action, 'ml-compute-no-public-ip', IDS.instance);
    expect(report).toMatchObject({ outcome: 'succeeded', alert: false });
    expect(await valueAt(IDS.instance, 'properties.properties.state')).toBe('Stopped');
    // Containment: the rule still fails (the IP is fixed at creation); verify checked Stopped.
    const after = await estate.t.read(IDS.instance);
    expect(estate.t.status('ml-compute-no-public-ip', after)).toBe('fail');
    expect(readPath(after, 'subject.resource.properties.properties.enableNodePublicIp')).toBe(true);
    expect(wardCount('deletes')).toBe(0);
    expect(wardWrites(IDS.instance)).toEqual([
      { method: 'POST', operation: expect.stringMatching(/computes\/stop\/action$/i) as unknown },
    ]);

    if (!report.plan) throw new Error('no plan');
    await action.revert?.(report.plan, report.applied ?? {}, estate.t.deps);
    expect(await valueAt(IDS.instance, 'properties.properties.state')).toBe('Running');
  });

  it('scales a cluster to zero with a PATCH of scaleSettings only, keeping its idle time, and restores them on revert', async () => {
    const report = await estate.t.execute(action, 'ml-compute-no-public-ip', IDS.cluster);
    expect(report).toMatchObject({ outcome: 'succeeded' });
    expect(await valueAt(IDS.cluster, 'properties.properties.scaleSettings')).toEqual({
      maxNodeCount: 0,
      minNodeCount: 0,
      nodeIdleTimeBeforeScaleDown: 'PT5M',
    });
    expect(await valueAt(IDS.cluster, 'properties.properties.enableNodePublicIp')).toBe(true);
    const writes = wardWrites(IDS.cluster);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => w.method === 'PATCH')).toBe(true);
    expect(wardCount('deletes')).toBe(0);

    if (!report.plan) throw new Error('no plan');
    await action.revert?.(report.plan, report.applied ?? {}, estate.t.deps);
    expect(await valueAt(IDS.cluster, 'properties.properties.scaleSettings')).toEqual({
      maxNodeCount: 4,
      minNodeCount: 1,
      nodeIdleTimeBeforeScaleDown: 'PT5M',
    });
  });

  it('verify fails while the instance is not Stopped, and a plan from a stale state fails its precondition', async () => {
    const plan = await estate.t.plan(action, IDS.instance);
    expect(action.verify?.(plan, await estate.t.read(IDS.instance))).toMatchObject({ ok: false });
    // Someone stops it meanwhile: the plan's `before` (Running) no longer holds.
    const ml = await estate.h.otherClients.machineLearning();
    await ml.computeOperations.beginStopAndWait('rg-ml', 'mlw-public', 'ci-alice');
    expect(action.precondition(plan, await estate.t.read(IDS.instance))).toMatchObject({
      ok: false,
    });
    expect(action.plan(await estate.t.read(IDS.instance), estate.t.planContext)).toMatchObject({
      ok: false,
    });
    await ml.computeOperations.beginStartAndWait('rg-ml', 'mlw-public', 'ci-alice');
  });
});

describe('ml-compute-set-idle-shutdown', () => {
  const action = registry.get('ml-compute-set-idle-shutdown');

  it('sets idle shutdown through updateIdleShutdownSetting; revert has nothing to restore where none was set', async () => {
    expect(estate.t.status('ml-compute-idle-shutdown', await estate.t.read(IDS.instance))).toBe(
      'fail',
    );
    const report = await estate.t.execute(action, 'ml-compute-idle-shutdown', IDS.instance);
    expect(report).toMatchObject({ outcome: 'succeeded' });
    expect(await valueAt(IDS.instance, 'properties.properties.idleTimeBeforeShutdown')).toBe(
      'PT60M',
    );
    expect(wardWrites(IDS.instance).at(-1)).toEqual({
      method: 'POST',
      operation: expect.stringMatching(/updateIdleShutdownSetting\/action$/i) as unknown,
    });
    if (!report.plan) throw new Error('no plan');
    const failure = await action.revert?.(report.plan, {}, estate.t.deps).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ActionError);
    expect(failure).toMatchObject({ code: 'revert-unsupported' });
    expect(await valueAt(IDS.instance, 'properties.properties.idleTimeBeforeShutdown')).toBe(
      'PT60M',
    );
  });

  it('restores a previous idle time on revert', async () => {
    const plan = await estate.t.plan(action, IDS.instanceIdle);
    expect(plan.changes).toEqual([
      { path: 'properties.properties.idleTimeBeforeShutdown', before: 'PT240M', after: 'PT60M' },
    ]);
    expect(action.precondition(plan, await estate.t.read(IDS.instanceIdle))).toEqual({ ok: true });
    await action.apply(plan, estate.t.deps);
    expect(await valueAt(IDS.instanceIdle, 'properties.properties.idleTimeBeforeShutdown')).toBe(
      'PT60M',
    );
    expect(action.precondition(plan, await estate.t.read(IDS.instanceIdle))).toMatchObject({
      ok: false,
    });
    await action.revert?.(plan, {}, estate.t.deps);
    expect(await valueAt(IDS.instanceIdle, 'properties.properties.idleTimeBeforeShutdown')).toBe(
      'PT240M',
    );
  });

  it('refuses clusters: they have no idle shutdown', async () => {
    expect(action.plan(await estate.t.read(IDS.cluster), estate.t.planContext)).toMatchObject({
      ok: false,
    });
  });
});

describe('actions the compute and endpoint APIs do not allow in place', () => {
  it('ml-compute-assign-identity refuses: no in-place identity change on a compute, and none without a configured identity', async () => {
    const action = registry.get('ml-compute-assign-identity');
    const snapshot = await estate.t.read(IDS.instance);
    expect(action.plan(snapshot, estate.t.planContext)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('PUT over an existing compute recreates it') as unknown,
    });
    const unconfigured = { ...estate.t.planContext, policy: testPolicy({ compute: {} }) };
    expect(action.plan(snapshot, unconfigured)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('compute.userAssignedIdentityId') as unknown,
    });
  });

  it('ml-online-endpoint-disable-public-network refuses: the endpoint PATCH takes tags and identity only', async () => {
    const action = registry.get('ml-online-endpoint-disable-public-network');
    const snapshot = await estate.t.read(IDS.endpoint);
    expect(estate.t.status('ml-online-endpoint-public-network-disabled', snapshot)).toBe('fail');
    const report = await estate.t.execute(
      action,
      'ml-online-endpoint-public-network-disabled',
      IDS.endpoint,
    );
    expect(report).toMatchObject({ outcome: 'not-applicable', alert: false });
    expect(wardCount('writes')).toBe(0);
  });
});
