import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator';
import type { Simulator } from '../../src/simulator';
import { clientsFor } from './support/clients';
import { restError } from './support/errors';
import { IDS, RG, smallSeed } from './support/small-seed';

let sim: Simulator;
let c: ReturnType<typeof clientsFor>;
const POLL = { updateIntervalInMs: 0 };

beforeAll(async () => {
  sim = await startSimulator({ seed: smallSeed(), lro: { polls: 1, retryAfterSeconds: 0 } });
  c = clientsFor(sim);
});
afterAll(async () => {
  await sim.stop();
});

describe('private endpoints connect to their targets', () => {
  it('adds an Approved connection to the workspace and removes it on delete', async () => {
    const pe = await c.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'ws1-pe',
      {
        location: 'eastus2',
        subnet: { id: IDS.subnet },
        privateLinkServiceConnections: [
          { name: 'ws1', privateLinkServiceId: IDS.workspace, groupIds: ['amlworkspace'] },
        ],
      },
      POLL,
    );
    expect(pe.provisioningState).toBe('Succeeded');
    expect(pe.etag).toMatch(/^W\/"/);
    expect(pe.privateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Approved',
    );
    const ws = await c.ml.workspaces.get(RG, 'ws1');
    const connections = ws.privateEndpointConnections ?? [];
    expect(connections).toHaveLength(1);
    expect(connections[0]?.privateEndpoint?.id).toBe(pe.id);
    expect(connections[0]?.privateLinkServiceConnectionState?.status).toBe('Approved');

    const zoneGroup = await c.network.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      RG,
      'ws1-pe',
      'default',
      {
        privateDnsZoneConfigs: [
          {
            name: 'api',
            privateDnsZoneId: '/subscriptions/x/privateDnsZones/privatelink.api.azureml.ms',
          },
        ],
      },
      POLL,
    );
    expect(zoneGroup.name).toBe('default');

    await c.network.privateEndpoints.beginDeleteAndWait(RG, 'ws1-pe', POLL);
    const after = await c.ml.workspaces.get(RG, 'ws1');
    expect(after.privateEndpointConnections ?? []).toEqual([]);
    expect(sim.state.has(`${pe.id ?? ''}/privateDnsZoneGroups/default`)).toBe(false);
  });

  it('connects a vault too, and refuses a subnet or target that does not exist', async () => {
    await c.network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'kv1-pe',
      {
        location: 'eastus2',
        subnet: { id: IDS.subnet },
        privateLinkServiceConnections: [
          { name: 'kv', privateLinkServiceId: IDS.vault, groupIds: ['vault'] },
        ],
      },
      POLL,
    );
    const vault = await c.resources.resources.getById(IDS.vault, '2025-05-01');
    expect(vault.properties).toMatchObject({
      privateEndpointConnections: [
        { properties: { privateLinkServiceConnectionState: { status: 'Approved' } } },
      ],
    });
    const badSubnet = await restError(
      c.network.privateEndpoints.beginCreateOrUpdateAndWait(
        RG,
        'x-pe',
        {
          location: 'eastus2',
          subnet: { id: `${IDS.vnet}/subnets/none` },
          privateLinkServiceConnections: [{ name: 'kv', privateLinkServiceId: IDS.vault }],
        },
        POLL,
      ),
    );
    expect(badSubnet.code).toBe('InvalidResourceReference');
    const badTarget = await restError(
      c.network.privateEndpoints.beginCreateOrUpdateAndWait(
        RG,
        'y-pe',
        {
          location: 'eastus2',
          subnet: { id: IDS.subnet },
          privateLinkServiceConnections: [{ name: 'kv', privateLinkServiceId: `${IDS.vault}zz` }],
        },
        POLL,
      ),
    );
    expect(badTarget.code).toBe('InvalidResourceReference');
  });

  it('serves the subnets of a seeded virtual network as child resources and in the network', async () => {
    const subnet = await c.network.subnets.get(RG, 'vnet1', 'pe');
    expect(subnet.addressPrefix).toBe('10.0.1.0/24');
    const vnet = await c.network.virtualNetworks.get(RG, 'vnet1');
    expect(vnet.subnets?.map((s) => s.name)).toEqual(['pe']);
  });
});

describe('virtual networks', () => {
  it('adds a subnet written as a child to the network it belongs to', async () => {
    const subnet = await c.network.subnets.beginCreateOrUpdateAndWait(
      RG,
      'vnet1',
      'compute',
      { addressPrefix: '10.0.2.0/24' },
      POLL,
    );
    expect(subnet.id).toBe(`${IDS.vnet}/subnets/compute`);
    expect(subnet.etag).toMatch(/^W\/"/);
    const vnet = await c.network.virtualNetworks.get(RG, 'vnet1');
    expect(vnet.subnets?.map((s) => s.name).sort()).toEqual(['compute', 'pe']);
  });
});

describe('NIC and public IP association', () => {
  it('keeps the public IP ipConfiguration in step with the NIC, both ways', async () => {
    const before = await c.network.publicIPAddresses.get(RG, 'pip1');
    expect(before.ipConfiguration?.id).toBe(`${IDS.nic}/ipConfigurations/ipconfig1`);
    const deleteInUse = await restError(
      c.network.publicIPAddresses.beginDeleteAndWait(RG, 'pip1', POLL),
    );
    expect(deleteInUse.code).toBe('PublicIPAddressCannotBeDeleted');

    const nic = await c.network.networkInterfaces.get(RG, 'nic1');
    const ipconfig = nic.ipConfigurations?.[0];
    if (!ipconfig) throw new Error('seed NIC has an ip configuration');
    const dissociated = await c.network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic1',
      { ...nic, ipConfigurations: [{ ...ipconfig, publicIPAddress: undefined }] },
      { requestOptions: { customHeaders: { 'If-Match': nic.etag ?? '' } }, ...POLL },
    );
    expect(dissociated.ipConfigurations?.[0]?.publicIPAddress).toBeUndefined();
    expect((await c.network.publicIPAddresses.get(RG, 'pip1')).ipConfiguration).toBeUndefined();

    await c.network.networkInterfaces.beginCreateOrUpdateAndWait(
      RG,
      'nic1',
      { ...nic, ipConfigurations: [{ ...ipconfig, publicIPAddress: { id: IDS.pip2 } }] },
      POLL,
    );
    expect((await c.network.publicIPAddresses.get(RG, 'pip2')).ipConfiguration?.id).toBe(
      `${IDS.nic}/ipConfigurations/ipconfig1`,
    );

    const inUse = await restError(
      c.network.networkInterfaces.beginCreateOrUpdateAndWait(
        RG,
        'nic2',
        {
          location: 'eastus2',
          ipConfigurations: [
            { name: 'ipconfig1', subnet: { id: IDS.subnet }, publicIPAddress: { id: IDS.pip2 } },
          ],
        },
        POLL,
      ),
    );
    expect(inUse.code).toBe('PublicIPAddressInUse');

    await c.network.networkInterfaces.beginDeleteAndWait(RG, 'nic1', POLL);
    expect((await c.network.publicIPAddresses.get(RG, 'pip2')).ipConfiguration).toBeUndefined();
    await c.network.publicIPAddresses.beginDeleteAndWait(RG, 'pip1', POLL);
    expect(sim.state.has(IDS.pip)).toBe(false);
  });
});
