import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/errors';
import { createActionRegistry } from '../../src/actions/registry';
import { armRequest } from '../../src/actions/common/arm-request';
import { readPath } from '../../src/rules/paths';
import { WARD_PRINCIPAL_ID } from '../support/simulator';
import { testPolicy } from './support/context';
import { IDS } from './support/estate';
import { useActionsEstate } from './support/use-actions-estate';

const registry = createActionRegistry();
const estate = useActionsEstate();

const PE_ID = `${IDS.subnet.replace(/\/providers\/.*$/, '')}/providers/Microsoft.Network/privateEndpoints/pe-mlw-public-ward`;

describe('ml-workspace-create-private-endpoint and ml-workspace-disable-public-network', () => {
  const createPe = registry.get('ml-workspace-create-private-endpoint');
  const disablePublic = registry.get('ml-workspace-disable-public-network');

  it('refuses to disable public network access while no private endpoint is approved', async () => {
    const snapshot = await estate.t.read(IDS.workspace);
    expect(estate.t.status('ml-workspace-public-network-disabled', snapshot)).toBe('fail');
    expect(disablePublic.plan(snapshot, estate.t.planContext)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('would cut off all access') as unknown,
    });
  });

  it('refuses to create a private endpoint without a configured subnet', async () => {
    const context = { ...estate.t.planContext, policy: testPolicy({ privateEndpoints: {} }) };
    expect(createPe.plan(await estate.t.read(IDS.workspace), context)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('privateEndpoints.subnetId') as unknown,
    });
  });

  it('creates pe-<workspace>-ward in the subnet with its DNS zone group; the workspace shows it Approved', async () => {
    const failing = await estate.t.read(IDS.workspace);
    expect(estate.t.status('ml-workspace-private-endpoint', failing)).toBe('fail');
    const report = await estate.t.execute(createPe, 'ml-workspace-private-endpoint', IDS.workspace);
    expect(report).toMatchObject({
      outcome: 'succeeded',
      applied: { revertData: { privateEndpointId: PE_ID } },
    });
    expect(
      estate.t.status('ml-workspace-private-endpoint', await estate.t.read(IDS.workspace)),
    ).toBe('pass');

    const pe = estate.h.sim.state.get(PE_ID);
    expect(pe).toMatchObject({ location: 'eastus2', properties: { subnet: { id: IDS.subnet } } });
    expect(readPath(pe, 'properties.privateLinkServiceConnections')).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({
          privateLinkServiceId: IDS.workspace,
          groupIds: ['amlworkspace'],
        }) as unknown,
      }),
    ]);
    const zoneGroup = estate.h.sim.state.get(`${PE_ID}/privateDnsZoneGroups/default`);
    expect(readPath(zoneGroup, 'properties.privateDnsZoneConfigs')).toEqual([
      { name: 'privatelink-api-azureml-ms', properties: { privateDnsZoneId: IDS.dnsZoneApi } },
      {
        name: 'privatelink-notebooks-azure-net',
        properties: { privateDnsZoneId: IDS.dnsZoneNotebooks },
      },
    ]);

    // Now public network access can go: the workspace stays reachable privately.
    const disabled = await estate.t.execute(
      disablePublic,
      'ml-workspace-public-network-disabled',
      IDS.workspace,
    );
    expect(disabled.outcome).toBe('succeeded');
    expect(
      readPath(
        await estate.t.read(IDS.workspace),
        'subject.resource.properties.publicNetworkAccess',
      ),
    ).toBe('Disabled');
    if (!disabled.plan) throw new Error('no plan');
    await disablePublic.revert?.(disabled.plan, {}, estate.t.deps);
    expect(
      readPath(
        await estate.t.read(IDS.workspace),
        'subject.resource.properties.publicNetworkAccess',
      ),
    ).toBe('Enabled');

    // Undo deletes exactly the private endpoint ward created; the connection goes with it.
    if (!report.plan || !report.applied) throw new Error('no plan');
    await createPe.revert?.(report.plan, report.applied, estate.t.deps);
    expect(estate.h.sim.state.get(PE_ID)).toBeUndefined();
    expect(
      estate.t.status('ml-workspace-private-endpoint', await estate.t.read(IDS.workspace)),
    ).toBe('fail');
    expect(estate.h.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.deletes).toBe(1);
  });

  it('plans nothing once a workspace has an approved connection, and a plan made before fails its precondition', async () => {
    const plan = await estate.t.plan(createPe, IDS.workspace);
    await createPe.apply(plan, estate.t.deps);
    const now = await estate.t.read(IDS.workspace);
    expect(createPe.precondition(plan, now)).toMatchObject({ ok: false });
    expect(createPe.plan(now, estate.t.planContext)).toMatchObject({ ok: false });
    expect(createPe.verify?.(plan, now)).toEqual({ ok: true });
    expect(createPe.verify?.(plan, await estate.t.read(IDS.workspaceNoPe))).toMatchObject({
      ok: false,
    });
  });
});

describe('network-nic-dissociate-public-ip', () => {
  const action = registry.get('network-nic-dissociate-public-ip');

  it('PUTs the NIC without its public IP under If-Match, and re-associates the same IP on revert', async () => {
    const failing = await estate.t.read(IDS.nic);
    expect(estate.t.status('network-nic-no-public-ip', failing)).toBe('fail');
    const report = await estate.t.execute(action, 'network-nic-no-public-ip', IDS.nic);
    expect(report).toMatchObject({
      outcome: 'succeeded',
      plan: { basisEtag: failing.etag },
      applied: {
        revertData: {
          associations: [{ ipConfiguration: 'ipconfig1', publicIpAddressId: IDS.pip }],
        },
      },
    });
    const fixed = await estate.t.read(IDS.nic);
    expect(estate.t.status('network-nic-no-public-ip', fixed)).toBe('pass');
    // The rest of the NIC survives the full-body PUT.
    expect(
      readPath(fixed, 'subject.resource.properties.ipConfigurations.0.properties.subnet.id'),
    ).toBe(`${IDS.vnet}/subnets/snet-vms`);
    expect(readPath(estate.h.sim.state.get(IDS.pip), 'properties.ipConfiguration')).toBeUndefined();

    if (!report.plan || !report.applied) throw new Error('no plan');
    await action.revert?.(report.plan, report.applied, estate.t.deps);
    const restored = await estate.t.read(IDS.nic);
    expect(
      readPath(
        restored,
        'subject.resource.properties.ipConfigurations.0.properties.publicIPAddress.id',
      ),
    ).toBe(IDS.pip);
    expect(estate.t.status('network-nic-no-public-ip', restored)).toBe('fail');
  });

  it('a stale etag fails the precondition, and a stale apply is refused before any write', async () => {
    const plan = await estate.t.plan(action, IDS.nic);
    const nic = await armRequest(estate.t.otherDeps, {
      method: 'GET',
      resourceId: IDS.nic,
      apiVersion: '2026-01-01',
    });
    await armRequest(estate.t.otherDeps, {
      method: 'PUT',
      resourceId: IDS.nic,
      apiVersion: '2026-01-01',
      body: { ...(nic as object), tags: { owner: 'alice' } },
    });
    const current = await estate.t.read(IDS.nic);
    expect(current.etag).not.toBe(plan.basisEtag);
    expect(action.precondition(plan, current)).toMatchObject({ ok: false });
    estate.h.sim.counters.reset();
    const failure = await action.apply(plan, estate.t.deps).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ActionError);
    expect(failure).toMatchObject({ code: 'precondition-failed' });
    expect(estate.h.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.writes ?? 0).toBe(0);
    expect(estate.t.status('network-nic-no-public-ip', await estate.t.read(IDS.nic))).toBe('fail');
  });
});
