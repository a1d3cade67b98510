import type { Seed, SeedResource } from '../../../src/simulator/seed/format';

/**
 * A small estate with one failing resource per remediation action; bodies follow the REST
 * specs' GET examples (see /test/fixtures/examples/SOURCE.md) in shape.
 */
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUB = '00000000-0000-4000-8000-00000000ac01';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const NET_RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
const P = `${RG}/providers`;
const LOCATION = 'eastus2';

export const IDS = {
  storage: `${P}/Microsoft.Storage/storageAccounts/stlegacy`,
  storageDiag: `${P}/Microsoft.Storage/storageAccounts/stnodiag`,
  storageUnset: `${P}/Microsoft.Storage/storageAccounts/stunset`,
  vault: `${P}/Microsoft.KeyVault/vaults/kv-legacy`,
  vaultNoSoftDelete: `${P}/Microsoft.KeyVault/vaults/kv-nosoftdelete`,
  cognitive: `${P}/Microsoft.CognitiveServices/accounts/oai-public`,
  workspace: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-public`,
  workspaceNoPe: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-nope`,
  instance: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-public/computes/ci-alice`,
  instanceIdle: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-public/computes/ci-bob`,
  cluster: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-public/computes/gpu-cluster`,
  endpoint: `${P}/Microsoft.MachineLearningServices/workspaces/mlw-public/onlineEndpoints/churn`,
  logs: `${P}/Microsoft.OperationalInsights/workspaces/law-audit`,
  vnet: `${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub`,
  subnet: `${NET_RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`,
  nic: `${NET_RG}/providers/Microsoft.Network/networkInterfaces/nic-jumpbox`,
  pip: `${NET_RG}/providers/Microsoft.Network/publicIPAddresses/pip-jumpbox`,
  dnsZoneApi: `${NET_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms`,
  dnsZoneNotebooks: `${NET_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.notebooks.azure.net`,
  identity: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-compute`,
} as const;

const name = (id: string): string => id.split('/').pop() ?? '';

function vault(id: string, properties: Record<string, unknown>): SeedResource {
  return {
    id,
    name: name(id),
    type: 'Microsoft.KeyVault/vaults',
    location: LOCATION,
    properties: {
      tenantId: TENANT,
      sku: { family: 'A', name: 'standard' },
      accessPolicies: [],
      ...properties,
    },
  };
}

function storage(id: string, properties: Record<string, unknown>): SeedResource {
  return {
    id,
    name: name(id),
    type: 'Microsoft.Storage/storageAccounts',
    location: LOCATION,
    sku: { name: 'Standard_LRS' },
    kind: 'StorageV2',
    properties,
  };
}

function workspace(id: string): SeedResource {
  return {
    id,
    name: name(id),
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: LOCATION,
    properties: { publicNetworkAccess: 'Enabled', provisioningState: 'Succeeded' },
  };
}

export function actionsEstate(): Seed {
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'ML production' }],
    resources: [
      storage(IDS.storage, { minimumTlsVersion: 'TLS1_0', allowBlobPublicAccess: true }),
      storage(IDS.storageUnset, {}),
      storage(IDS.storageDiag, { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false }),
      vault(IDS.vault, { enableSoftDelete: true, publicNetworkAccess: 'Enabled' }),
      vault(IDS.vaultNoSoftDelete, { enableSoftDelete: false, publicNetworkAccess: 'Disabled' }),
      {
        id: IDS.cognitive,
        name: name(IDS.cognitive),
        type: 'Microsoft.CognitiveServices/accounts',
        location: LOCATION,
        kind: 'OpenAI',
        sku: { name: 'S0' },
        properties: { publicNetworkAccess: 'Enabled', disableLocalAuth: false },
      },
      workspace(IDS.workspace),
      workspace(IDS.workspaceNoPe),
      {
        id: IDS.instance,
        name: name(IDS.instance),
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: LOCATION,
        properties: {
          computeType: 'ComputeInstance',
          provisioningState: 'Succeeded',
          disableLocalAuth: true,
          properties: {
            vmSize: 'STANDARD_DS3_V2',
            state: 'Running',
            enableNodePublicIp: true,
            sshSettings: { sshPublicAccess: 'Disabled' },
          },
        },
      },
      {
        id: IDS.instanceIdle,
        name: name(IDS.instanceIdle),
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: LOCATION,
        properties: {
          computeType: 'ComputeInstance',
          provisioningState: 'Succeeded',
          properties: {
            vmSize: 'STANDARD_DS3_V2',
            state: 'Running',
            enableNodePublicIp: false,
            idleTimeBeforeShutdown: 'PT240M',
          },
        },
      },
      {
        id: IDS.cluster,
        name: name(IDS.cluster),
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: LOCATION,
        properties: {
          computeType: 'AmlCompute',
          provisioningState: 'Succeeded',
          properties: {
            vmSize: 'STANDARD_NC6',
            enableNodePublicIp: true,
            remoteLoginPortPublicAccess: 'Disabled',
            scaleSettings: {
              maxNodeCount: 4,
              minNodeCount: 1,
              nodeIdleTimeBeforeScaleDown: 'PT5M',
            },
          },
        },
      },
      {
        id: IDS.endpoint,
        name: name(IDS.endpoint),
        type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
        location: LOCATION,
        properties: { authMode: 'AMLToken', publicNetworkAccess: 'Enabled' },
      },
      {
        id: IDS.logs,
        name: name(IDS.logs),
        type: 'Microsoft.OperationalInsights/workspaces',
        location: LOCATION,
        properties: { sku: { name: 'PerGB2018' }, retentionInDays: 90 },
      },
      {
        id: IDS.vnet,
        name: name(IDS.vnet),
        type: 'Microsoft.Network/virtualNetworks',
        location: LOCATION,
        properties: {
          addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
          subnets: [
            {
              name: 'snet-pe',
              properties: {
                addressPrefix: '10.20.1.0/24',
                privateEndpointNetworkPolicies: 'Disabled',
              },
            },
            { name: 'snet-vms', properties: { addressPrefix: '10.20.3.0/24' } },
          ],
        },
      },
      {
        id: IDS.pip,
        name: name(IDS.pip),
        type: 'Microsoft.Network/publicIPAddresses',
        location: LOCATION,
        properties: {
          publicIPAddressVersion: 'IPv4',
          publicIPAllocationMethod: 'Static',
          ipAddress: '20.1.2.3',
          ipConfiguration: { id: `${IDS.nic}/ipConfigurations/ipconfig1` },
        },
      },
      {
        id: IDS.nic,
        name: name(IDS.nic),
        type: 'Microsoft.Network/networkInterfaces',
        location: LOCATION,
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              id: `${IDS.nic}/ipConfigurations/ipconfig1`,
              properties: {
                privateIPAllocationMethod: 'Dynamic',
                subnet: { id: `${IDS.vnet}/subnets/snet-vms` },
                publicIPAddress: { id: IDS.pip },
                primary: true,
              },
            },
          ],
        },
      },
    ],
    secrets: [
      { vault: 'kv-legacy', name: 'db-password', attributes: { enabled: true } },
      { vault: 'kv-legacy', name: 'api-key', attributes: { enabled: true } },
    ],
  };
}
