import type { Seed } from '../../src/simulator/seed/format';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** Everything ready: registered, an existing topic, the deployer is Owner, ward holds its role. */
export const READY = '00000000-0000-4000-8000-0000000000a1';
/** Everything to fix: providers unregistered, the deployer a Reader, ward a Reader. */
export const UNREADY = '00000000-0000-4000-8000-0000000000b2';
export const DEPLOYER = '0d0d0d0d-0000-4000-8000-0000000000d1';
export const WARD = '0d0d0d0d-0000-4000-8000-0000000000d2';

const ready = `/subscriptions/${READY}/resourceGroups/rg-ready/providers`;
const unready = `/subscriptions/${UNREADY}/resourceGroups/rg-unready/providers`;

export const PF = {
  subscriptionTopic: `/subscriptions/${READY}/resourceGroups/rg-platform/providers/Microsoft.EventGrid/systemTopics/sub-events`,
  readyVault: `${ready}/Microsoft.KeyVault/vaults/kv-ready`,
  readyVaultTopic: `${ready}/Microsoft.EventGrid/systemTopics/kv-ready-0f3c2a`,
  closedVault: `${unready}/Microsoft.KeyVault/vaults/kv-closed`,
  closedVaultTopic: `/subscriptions/${UNREADY}/resourceGroups/rg-events/providers/Microsoft.EventGrid/systemTopics/kv-closed-events`,
  firewalledVault: `${unready}/Microsoft.KeyVault/vaults/kv-firewalled`,
  readyLogs: `${ready}/Microsoft.OperationalInsights/workspaces/logs-ready`,
  unreadyLogs: `${unready}/Microsoft.OperationalInsights/workspaces/logs-unready`,
  missingLogs: `${ready}/Microsoft.OperationalInsights/workspaces/logs-gone`,
} as const;

/** Bodies follow the Event Grid SystemTopics_Get and Vaults_Get examples' shapes. */
function systemTopic(id: string, location: string, source: string, topicType: string) {
  return {
    id,
    name: id.split('/').pop() ?? '',
    type: 'Microsoft.EventGrid/systemTopics',
    location,
    properties: {
      provisioningState: 'Succeeded',
      source,
      topicType,
      metricResourceId: '5f7a2b1c-0000-4000-8000-00000000000e',
    },
  };
}

function vault(id: string, location: string, properties: Record<string, unknown>) {
  return {
    id,
    name: id.split('/').pop() ?? '',
    type: 'Microsoft.KeyVault/vaults',
    location,
    properties: {
      tenantId: TENANT,
      sku: { family: 'A', name: 'standard' },
      vaultUri: `https://${id.split('/').pop() ?? ''}.vault.azure.net/`,
      enableSoftDelete: true,
      ...properties,
    },
  };
}

function workspace(id: string) {
  return {
    id,
    name: id.split('/').pop() ?? '',
    type: 'Microsoft.OperationalInsights/workspaces',
    location: 'westeurope',
    properties: {
      provisioningState: 'Succeeded',
      customerId: 'b1a8e1b0-0000-4000-8000-0000000000c1',
    },
  };
}

export function preflightSeed(): Seed {
  return {
    tenantId: TENANT,
    subscriptions: [
      { subscriptionId: READY, displayName: 'ready' },
      { subscriptionId: UNREADY, displayName: 'unready' },
    ],
    secrets: [],
    resources: [
      systemTopic(
        PF.subscriptionTopic,
        'global',
        `/subscriptions/${READY}`,
        'Microsoft.Resources.Subscriptions',
      ),
      vault(PF.readyVault, 'westeurope', {
        enableRbacAuthorization: true,
        publicNetworkAccess: 'Enabled',
        networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices', ipRules: [] },
      }),
      systemTopic(PF.readyVaultTopic, 'westeurope', PF.readyVault, 'Microsoft.KeyVault.vaults'),
      vault(PF.closedVault, 'northeurope', {
        enableRbacAuthorization: false,
        accessPolicies: [],
        publicNetworkAccess: 'Disabled',
      }),
      // In another region than its vault: Event Grid would not deliver from it.
      systemTopic(PF.closedVaultTopic, 'westeurope', PF.closedVault, 'Microsoft.KeyVault.vaults'),
      vault(PF.firewalledVault, 'northeurope', {
        enableRbacAuthorization: true,
        publicNetworkAccess: 'Enabled',
        networkAcls: {
          defaultAction: 'Deny',
          bypass: 'AzureServices',
          ipRules: [{ value: '203.0.113.7/32' }],
        },
      }),
      workspace(PF.readyLogs),
      workspace(PF.unreadyLogs),
    ],
    providerRegistrations: [
      {
        subscriptionId: UNREADY,
        namespace: 'Microsoft.EventGrid',
        registrationState: 'NotRegistered',
      },
      {
        subscriptionId: UNREADY,
        namespace: 'Microsoft.ResourceNotifications',
        registrationState: 'NotRegistered',
      },
    ],
    roleAssignments: [
      { principalId: DEPLOYER, role: 'Owner', scope: `/subscriptions/${READY}` },
      { principalId: DEPLOYER, role: 'Reader', scope: `/subscriptions/${UNREADY}` },
      // ward's role reads only what ward judges: Reader lets it run preflight itself.
      { principalId: WARD, role: 'ward remediator', scope: `/subscriptions/${READY}` },
      { principalId: WARD, role: 'Reader', scope: `/subscriptions/${READY}` },
      { principalId: WARD, role: 'Reader', scope: `/subscriptions/${UNREADY}` },
    ],
  };
}
