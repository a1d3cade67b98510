import type { Seed } from '../../../src/simulator/seed/format';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SUB = '00000000-0000-4000-8000-000000000001';
export const RG = 'rg-ml';
const P = `/subscriptions/${SUB}/resourceGroups/${RG}/providers`;

export const IDS = {
  workspace: `${P}/Microsoft.MachineLearningServices/workspaces/ws1`,
  cluster: `${P}/Microsoft.MachineLearningServices/workspaces/ws1/computes/cluster1`,
  instance: `${P}/Microsoft.MachineLearningServices/workspaces/ws1/computes/ci1`,
  vault: `${P}/Microsoft.KeyVault/vaults/kv1`,
  storage: `${P}/Microsoft.Storage/storageAccounts/st1`,
  cognitive: `${P}/Microsoft.CognitiveServices/accounts/oai1`,
  vnet: `${P}/Microsoft.Network/virtualNetworks/vnet1`,
  subnet: `${P}/Microsoft.Network/virtualNetworks/vnet1/subnets/pe`,
  nic: `${P}/Microsoft.Network/networkInterfaces/nic1`,
  pip: `${P}/Microsoft.Network/publicIPAddresses/pip1`,
  pip2: `${P}/Microsoft.Network/publicIPAddresses/pip2`,
  logs: `${P}/Microsoft.OperationalInsights/workspaces/logs1`,
} as const;

/**
 * A small estate shaped like the REST specs' examples (ml-compute-get-amlcompute.json,
 * ml-compute-get-computeinstance.json, network-interface-get-with-public-ip.json, ...).
 */
export function smallSeed(extraComputes = 0): Seed {
  const computes = Array.from({ length: extraComputes }, (_, i) => ({
    id: `${IDS.workspace}/computes/extra${String(i).padStart(3, '0')}`,
    name: `extra${String(i).padStart(3, '0')}`,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: 'eastus2',
    properties: {
      computeType: 'AmlCompute',
      provisioningState: 'Succeeded',
      properties: { vmSize: 'STANDARD_DS3_V2', enableNodePublicIp: false },
    },
  }));
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'ML prod' }],
    secrets: [],
    resources: [
      {
        id: IDS.workspace,
        name: 'ws1',
        type: 'Microsoft.MachineLearningServices/workspaces',
        location: 'eastus2',
        properties: { publicNetworkAccess: 'Enabled', provisioningState: 'Succeeded' },
      },
      {
        id: IDS.cluster,
        name: 'cluster1',
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: 'eastus2',
        properties: {
          computeType: 'AmlCompute',
          provisioningState: 'Succeeded',
          properties: {
            vmSize: 'STANDARD_NC6',
            enableNodePublicIp: true,
            remoteLoginPortPublicAccess: 'Enabled',
            scaleSettings: {
              maxNodeCount: 1,
              minNodeCount: 0,
              nodeIdleTimeBeforeScaleDown: 'PT5M',
            },
          },
        },
      },
      {
        id: IDS.instance,
        name: 'ci1',
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: 'eastus2',
        properties: {
          computeType: 'ComputeInstance',
          provisioningState: 'Succeeded',
          properties: {
            vmSize: 'STANDARD_NC6',
            state: 'Running',
            enableNodePublicIp: true,
            sshSettings: { sshPublicAccess: 'Enabled', adminUserName: 'azureuser' },
          },
        },
      },
      ...computes,
      {
        id: IDS.vault,
        name: 'kv1',
        type: 'Microsoft.KeyVault/vaults',
        location: 'eastus2',
        properties: {
          tenantId: TENANT,
          sku: { family: 'A', name: 'standard' },
          enableSoftDelete: true,
          enablePurgeProtection: true,
          publicNetworkAccess: 'Enabled',
          accessPolicies: [],
        },
      },
      {
        id: IDS.storage,
        name: 'st1',
        type: 'Microsoft.Storage/storageAccounts',
        location: 'eastus2',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
        properties: { minimumTlsVersion: 'TLS1_0', allowBlobPublicAccess: true },
      },
      {
        id: IDS.cognitive,
        name: 'oai1',
        type: 'Microsoft.CognitiveServices/accounts',
        location: 'eastus2',
        kind: 'OpenAI',
        sku: { name: 'S0' },
        properties: { publicNetworkAccess: 'Enabled', disableLocalAuth: false },
      },
      {
        id: IDS.vnet,
        name: 'vnet1',
        type: 'Microsoft.Network/virtualNetworks',
        location: 'eastus2',
        properties: {
          addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
          subnets: [{ name: 'pe', properties: { addressPrefix: '10.0.1.0/24' } }],
        },
      },
      {
        id: IDS.pip,
        name: 'pip1',
        type: 'Microsoft.Network/publicIPAddresses',
        location: 'eastus2',
        properties: {
          publicIPAllocationMethod: 'Static',
          ipAddress: '20.1.2.3',
          ipConfiguration: { id: `${IDS.nic}/ipConfigurations/ipconfig1` },
        },
      },
      {
        id: IDS.pip2,
        name: 'pip2',
        type: 'Microsoft.Network/publicIPAddresses',
        location: 'eastus2',
        properties: { publicIPAllocationMethod: 'Static', ipAddress: '20.1.2.4' },
      },
      {
        id: IDS.nic,
        name: 'nic1',
        type: 'Microsoft.Network/networkInterfaces',
        location: 'eastus2',
        properties: {
          ipConfigurations: [
            {
              name: 'ipconfig1',
              id: `${IDS.nic}/ipConfigurations/ipconfig1`,
              properties: {
                privateIPAllocationMethod: 'Dynamic',
                publicIPAddress: { id: IDS.pip },
                subnet: { id: IDS.subnet },
              },
            },
          ],
        },
      },
      {
        id: IDS.logs,
        name: 'logs1',
        type: 'Microsoft.OperationalInsights/workspaces',
        location: 'eastus2',
        properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 },
      },
    ],
  };
}
