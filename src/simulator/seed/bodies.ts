import type { SeedResource } from './format';
import { providerId } from './ids';

/**
 * Resource bodies shaped like the REST specs' GET examples (2025-12-01 Machine Learning,
 * 2025-05-01 Key Vault, 2026-01-01 Network, 2025-08-01 Storage, 2025-09-01 Cognitive
 * Services, 2021-05-01-preview diagnostic settings), with realistic values.
 */
export interface Scope {
  tenantId: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
}

const CREATED_AT = '2025-09-15T08:30:00.0000000Z';

function systemData(): Record<string, string> {
  return {
    createdAt: CREATED_AT,
    createdBy: 'platform-team@contoso.com',
    createdByType: 'User',
    lastModifiedAt: CREATED_AT,
    lastModifiedBy: 'platform-team@contoso.com',
    lastModifiedByType: 'User',
  };
}

function systemIdentity(scope: Scope, principalId: string): Record<string, unknown> {
  return { type: 'SystemAssigned', principalId, tenantId: scope.tenantId };
}

export function logAnalyticsWorkspace(
  scope: Scope,
  name: string,
  customerId: string,
): SeedResource {
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.OperationalInsights',
      'workspaces',
      name,
    ),
    name,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: scope.location,
    tags: { env: 'shared' },
    properties: {
      customerId,
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018' },
      retentionInDays: 90,
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
    },
  };
}

export interface SubnetSpec {
  name: string;
  addressPrefix: string;
  /** Private endpoint network policies off, as a subnet for private endpoints has them. */
  forPrivateEndpoints?: boolean;
}

export function virtualNetwork(
  scope: Scope,
  name: string,
  addressPrefix: string,
  subnets: SubnetSpec[],
): SeedResource {
  const id = providerId(
    scope.subscriptionId,
    scope.resourceGroup,
    'Microsoft.Network',
    'virtualNetworks',
    name,
  );
  return {
    id,
    name,
    type: 'Microsoft.Network/virtualNetworks',
    location: scope.location,
    tags: { env: 'shared' },
    properties: {
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: [addressPrefix] },
      subnets: subnets.map((subnet) => ({
        name: subnet.name,
        id: `${id}/subnets/${subnet.name}`,
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          provisioningState: 'Succeeded',
          addressPrefix: subnet.addressPrefix,
          privateEndpointNetworkPolicies: subnet.forPrivateEndpoints ? 'Disabled' : 'Enabled',
          privateLinkServiceNetworkPolicies: 'Enabled',
        },
      })),
      enableDdosProtection: false,
    },
  };
}

export function subnetId(vnet: SeedResource, subnetName: string): string {
  return `${vnet.id}/subnets/${subnetName}`;
}

export interface WorkspaceSpec {
  name: string;
  kind: 'Default' | 'Hub' | 'Project';
  publicNetworkAccess: 'Enabled' | 'Disabled';
  isolationMode: 'Disabled' | 'AllowInternetOutbound' | 'AllowOnlyApprovedOutbound';
  principalId: string;
  storageAccountId: string;
  keyVaultId: string;
  /** An approved private endpoint connection to this private endpoint. */
  privateEndpointId?: string;
  /** Customer-managed key (Key Vault key URI) when the workspace is encrypted with one. */
  cmkKeyIdentifier?: string;
  tags?: Record<string, string>;
}

export function mlWorkspace(scope: Scope, spec: WorkspaceSpec): SeedResource {
  const id = providerId(
    scope.subscriptionId,
    scope.resourceGroup,
    'Microsoft.MachineLearningServices',
    'workspaces',
    spec.name,
  );
  const properties: Record<string, unknown> = {
    friendlyName: spec.name,
    description: `Machine learning workspace ${spec.name}`,
    provisioningState: 'Succeeded',
    storageAccount: spec.storageAccountId,
    keyVault: spec.keyVaultId,
    applicationInsights: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.Insights',
      'components',
      `appi-${spec.name}`,
    ),
    discoveryUrl: `https://${scope.location}.api.azureml.ms/discovery`,
    hbiWorkspace: false,
    allowPublicAccessWhenBehindVnet: false,
    publicNetworkAccess: spec.publicNetworkAccess,
    managedNetwork:
      spec.isolationMode === 'Disabled'
        ? { isolationMode: 'Disabled' }
        : {
            isolationMode: spec.isolationMode,
            status: { sparkReady: false, status: 'Active' },
            outboundRules: {},
          },
    privateEndpointConnections: spec.privateEndpointId
      ? [
          {
            id: `${id}/privateEndpointConnections/${spec.name}-pe-connection`,
            name: `${spec.name}-pe-connection`,
            type: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections',
            properties: {
              privateEndpoint: { id: spec.privateEndpointId },
              privateLinkServiceConnectionState: {
                status: 'Approved',
                description: 'Auto-Approved',
                actionsRequired: 'None',
              },
              provisioningState: 'Succeeded',
            },
          },
        ]
      : [],
    privateLinkCount: spec.privateEndpointId ? 1 : 0,
    serviceProvisionedResourceGroup: `${spec.name}_${spec.principalId.replace(/-/g, '').slice(0, 16)}`,
  };
  if (spec.cmkKeyIdentifier) {
    properties.encryption = {
      status: 'Enabled',
      keyVaultProperties: {
        keyVaultArmId: spec.keyVaultId,
        keyIdentifier: spec.cmkKeyIdentifier,
        identityClientId: '',
      },
    };
  }
  return {
    id,
    name: spec.name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: scope.location,
    kind: spec.kind,
    tags: spec.tags ?? {},
    identity: systemIdentity(scope, spec.principalId),
    sku: { name: 'Basic', tier: 'Basic' },
    systemData: systemData(),
    properties,
  };
}

export interface ComputeSpec {
  name: string;
  computeType: 'ComputeInstance' | 'AmlCompute';
  enableNodePublicIp: boolean;
  /** ComputeInstance: `sshSettings.sshPublicAccess`; AmlCompute: `remoteLoginPortPublicAccess`. */
  publicSsh: boolean;
  disableLocalAuth: boolean;
  /** ISO 8601 duration; ComputeInstance only. */
  idleTimeBeforeShutdown?: string;
  /** Principal id of a system-assigned identity, when the compute has one. */
  principalId?: string;
  subnetId?: string;
}

export function mlCompute(scope: Scope, workspaceName: string, spec: ComputeSpec): SeedResource {
  const id = providerId(
    scope.subscriptionId,
    scope.resourceGroup,
    'Microsoft.MachineLearningServices',
    'workspaces',
    workspaceName,
    'computes',
    spec.name,
  );
  const inner: Record<string, unknown> =
    spec.computeType === 'ComputeInstance'
      ? {
          vmSize: 'STANDARD_DS3_V2',
          applicationSharingPolicy: 'Personal',
          computeInstanceAuthorizationType: 'personal',
          sshSettings: spec.publicSsh
            ? { sshPublicAccess: 'Enabled', adminUserName: 'azureuser', sshPort: 22 }
            : { sshPublicAccess: 'Disabled' },
          enableNodePublicIp: spec.enableNodePublicIp,
          connectivityEndpoints: spec.enableNodePublicIp
            ? { publicIpAddress: '20.61.12.34', privateIpAddress: '10.20.2.4' }
            : { privateIpAddress: '10.20.2.4' },
          osImageMetadata: {
            currentImageVersion: '25.08.11',
            latestImageVersion: '25.08.11',
            isLatestOsImageVersion: true,
          },
          state: 'Running',
          errors: null,
        }
      : {
          vmSize: 'STANDARD_NC6S_V3',
          vmPriority: 'Dedicated',
          osType: 'Linux',
          isolatedNetwork: false,
          scaleSettings: { maxNodeCount: 4, minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT15M' },
          remoteLoginPortPublicAccess: spec.publicSsh ? 'Enabled' : 'Disabled',
          enableNodePublicIp: spec.enableNodePublicIp,
          allocationState: 'Steady',
          allocationStateTransitionTime: CREATED_AT,
          currentNodeCount: 0,
          targetNodeCount: 0,
          errors: null,
        };
  if (spec.subnetId) inner.subnet = { id: spec.subnetId };
  if (spec.idleTimeBeforeShutdown && spec.computeType === 'ComputeInstance') {
    inner.idleTimeBeforeShutdown = spec.idleTimeBeforeShutdown;
  }
  const body: SeedResource = {
    id,
    name: spec.name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: scope.location,
    tags: {},
    systemData: systemData(),
    properties: {
      description: `${spec.computeType} ${spec.name}`,
      computeType: spec.computeType,
      computeLocation: scope.location,
      provisioningState: 'Succeeded',
      createdOn: CREATED_AT,
      modifiedOn: CREATED_AT,
      disableLocalAuth: spec.disableLocalAuth,
      isAttachedCompute: false,
      properties: inner,
    },
  };
  if (spec.principalId) body.identity = systemIdentity(scope, spec.principalId);
  return body;
}

export interface OnlineEndpointSpec {
  name: string;
  authMode: 'Key' | 'AMLToken' | 'AADToken';
  publicNetworkAccess: 'Enabled' | 'Disabled';
  principalId: string;
}

export function mlOnlineEndpoint(
  scope: Scope,
  workspaceName: string,
  spec: OnlineEndpointSpec,
): SeedResource {
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.MachineLearningServices',
      'workspaces',
      workspaceName,
      'onlineEndpoints',
      spec.name,
    ),
    name: spec.name,
    type: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
    location: scope.location,
    kind: 'Managed',
    tags: {},
    identity: systemIdentity(scope, spec.principalId),
    systemData: systemData(),
    properties: {
      description: `Online endpoint ${spec.name}`,
      authMode: spec.authMode,
      publicNetworkAccess: spec.publicNetworkAccess,
      scoringUri: `https://${spec.name}.${scope.location}.inference.ml.azure.com/score`,
      swaggerUri: `https://${spec.name}.${scope.location}.inference.ml.azure.com/swagger.json`,
      traffic: { blue: 100 },
      provisioningState: 'Succeeded',
    },
  };
}

export interface PrivateEndpointSpec {
  name: string;
  subnetId: string;
  targetId: string;
  groupId: string;
}

export function privateEndpoint(scope: Scope, spec: PrivateEndpointSpec): SeedResource {
  const id = providerId(
    scope.subscriptionId,
    scope.resourceGroup,
    'Microsoft.Network',
    'privateEndpoints',
    spec.name,
  );
  return {
    id,
    name: spec.name,
    type: 'Microsoft.Network/privateEndpoints',
    location: scope.location,
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      subnet: { id: spec.subnetId },
      privateLinkServiceConnections: [
        {
          id: `${id}/privateLinkServiceConnections/${spec.name}`,
          name: spec.name,
          properties: {
            privateLinkServiceId: spec.targetId,
            groupIds: [spec.groupId],
            privateLinkServiceConnectionState: {
              status: 'Approved',
              description: 'Auto-Approved',
              actionsRequired: 'None',
            },
          },
        },
      ],
      manualPrivateLinkServiceConnections: [],
      networkInterfaces: [
        {
          id: providerId(
            scope.subscriptionId,
            scope.resourceGroup,
            'Microsoft.Network',
            'networkInterfaces',
            `${spec.name}.nic`,
          ),
        },
      ],
      customDnsConfigs: [],
    },
  };
}

export interface KeyVaultSpec {
  name: string;
  purgeProtection: boolean;
  rbacAuthorization: boolean;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  /** Object id granted the access policy when the vault does not use RBAC. */
  accessPolicyObjectId: string;
}

export function keyVault(scope: Scope, spec: KeyVaultSpec): SeedResource {
  const properties: Record<string, unknown> = {
    sku: { family: 'A', name: 'standard' },
    tenantId: scope.tenantId,
    accessPolicies: spec.rbacAuthorization
      ? []
      : [
          {
            tenantId: scope.tenantId,
            objectId: spec.accessPolicyObjectId,
            permissions: {
              keys: ['get', 'list'],
              secrets: ['get', 'list', 'set', 'delete'],
              certificates: ['get', 'list'],
            },
          },
        ],
    enabledForDeployment: false,
    enabledForDiskEncryption: false,
    enabledForTemplateDeployment: false,
    enableSoftDelete: true,
    softDeleteRetentionInDays: 90,
    enableRbacAuthorization: spec.rbacAuthorization,
    // The simulator replaces this with the vault's loopback URL when it serves the vault.
    vaultUri: `https://${spec.name}.vault.azure.net/`,
    provisioningState: 'Succeeded',
    publicNetworkAccess: spec.publicNetworkAccess,
    networkAcls:
      spec.publicNetworkAccess === 'Enabled'
        ? { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] }
        : { bypass: 'None', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
  };
  // Purge protection can only be turned on; Azure omits the property on vaults without it.
  if (spec.purgeProtection) properties.enablePurgeProtection = true;
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.KeyVault',
      'vaults',
      spec.name,
    ),
    name: spec.name,
    type: 'Microsoft.KeyVault/vaults',
    location: scope.location,
    tags: {},
    systemData: systemData(),
    properties,
  };
}

export interface StorageAccountSpec {
  name: string;
  minimumTlsVersion: 'TLS1_0' | 'TLS1_1' | 'TLS1_2';
  allowBlobPublicAccess: boolean;
  allowSharedKeyAccess: boolean;
  publicNetworkAccess: 'Enabled' | 'Disabled';
}

export function storageAccount(scope: Scope, spec: StorageAccountSpec): SeedResource {
  const endpoint = (service: string): string => `https://${spec.name}.${service}.core.windows.net/`;
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.Storage',
      'storageAccounts',
      spec.name,
    ),
    name: spec.name,
    type: 'Microsoft.Storage/storageAccounts',
    location: scope.location,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      creationTime: '2025-09-15T08:30:00.0000000Z',
      accessTier: 'Hot',
      minimumTlsVersion: spec.minimumTlsVersion,
      allowBlobPublicAccess: spec.allowBlobPublicAccess,
      allowSharedKeyAccess: spec.allowSharedKeyAccess,
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: spec.publicNetworkAccess,
      isHnsEnabled: false,
      encryption: {
        keySource: 'Microsoft.Storage',
        services: {
          blob: { enabled: true, keyType: 'Account', lastEnabledTime: CREATED_AT },
          file: { enabled: true, keyType: 'Account', lastEnabledTime: CREATED_AT },
        },
      },
      networkAcls: {
        bypass: 'AzureServices',
        defaultAction: spec.publicNetworkAccess === 'Enabled' ? 'Allow' : 'Deny',
        ipRules: [],
        virtualNetworkRules: [],
      },
      primaryEndpoints: {
        blob: endpoint('blob'),
        dfs: endpoint('dfs'),
        file: endpoint('file'),
        queue: endpoint('queue'),
        table: endpoint('table'),
        web: endpoint('web'),
      },
      primaryLocation: scope.location,
      statusOfPrimary: 'available',
    },
  };
}

export interface CognitiveAccountSpec {
  name: string;
  kind: 'OpenAI' | 'CognitiveServices' | 'AIServices';
  publicNetworkAccess: 'Enabled' | 'Disabled';
  disableLocalAuth: boolean;
  principalId: string;
}

export function cognitiveAccount(scope: Scope, spec: CognitiveAccountSpec): SeedResource {
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.CognitiveServices',
      'accounts',
      spec.name,
    ),
    name: spec.name,
    type: 'Microsoft.CognitiveServices/accounts',
    location: scope.location,
    kind: spec.kind,
    sku: { name: 'S0' },
    tags: {},
    identity: systemIdentity(scope, spec.principalId),
    etag: `"${spec.principalId.slice(0, 8)}-0000-0100-0000-000000000000"`,
    properties: {
      endpoint: `https://${spec.name}.openai.azure.com/`,
      customSubDomainName: spec.name,
      provisioningState: 'Succeeded',
      publicNetworkAccess: spec.publicNetworkAccess,
      disableLocalAuth: spec.disableLocalAuth,
      networkAcls:
        spec.publicNetworkAccess === 'Enabled'
          ? { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] }
          : { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
    },
  };
}

export interface NicSpec {
  name: string;
  subnetId: string;
  privateIpAddress: string;
  publicIpAddressId?: string;
}

export function networkInterface(scope: Scope, spec: NicSpec): SeedResource {
  const id = providerId(
    scope.subscriptionId,
    scope.resourceGroup,
    'Microsoft.Network',
    'networkInterfaces',
    spec.name,
  );
  const ipProperties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    privateIPAddress: spec.privateIpAddress,
    privateIPAllocationMethod: 'Dynamic',
    subnet: { id: spec.subnetId },
    primary: true,
    privateIPAddressVersion: 'IPv4',
  };
  if (spec.publicIpAddressId) ipProperties.publicIPAddress = { id: spec.publicIpAddressId };
  return {
    id,
    name: spec.name,
    type: 'Microsoft.Network/networkInterfaces',
    location: scope.location,
    tags: {},
    etag: `W/"${spec.name}-1"`,
    properties: {
      provisioningState: 'Succeeded',
      ipConfigurations: [
        {
          name: 'ipconfig1',
          id: `${id}/ipConfigurations/ipconfig1`,
          type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
          properties: ipProperties,
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      primary: true,
    },
  };
}

export function nicIpConfigurationId(nic: SeedResource): string {
  return `${nic.id}/ipConfigurations/ipconfig1`;
}

export function publicIpAddress(
  scope: Scope,
  name: string,
  ipAddress: string,
  ipConfigurationId?: string,
): SeedResource {
  const properties: Record<string, unknown> = {
    provisioningState: 'Succeeded',
    ipAddress,
    publicIPAddressVersion: 'IPv4',
    publicIPAllocationMethod: 'Static',
    idleTimeoutInMinutes: 4,
    ipTags: [],
  };
  if (ipConfigurationId) properties.ipConfiguration = { id: ipConfigurationId };
  return {
    id: providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.Network',
      'publicIPAddresses',
      name,
    ),
    name,
    type: 'Microsoft.Network/publicIPAddresses',
    location: scope.location,
    sku: { name: 'Standard', tier: 'Regional' },
    tags: {},
    etag: `W/"${name}-1"`,
    properties,
  };
}

export interface DiagnosticLogSpec {
  category?: string;
  categoryGroup?: string;
}

/** A diagnostic setting on `targetId` (an extension resource, so its id extends the target's). */
export function diagnosticSetting(
  targetId: string,
  name: string,
  workspaceId: string,
  logs: DiagnosticLogSpec[],
  metrics: string[] = ['AllMetrics'],
): SeedResource {
  return {
    id: `${targetId}/providers/Microsoft.Insights/diagnosticSettings/${name}`,
    name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: {
      workspaceId,
      logAnalyticsDestinationType: null,
      logs: logs.map((log) => ({
        ...log,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      })),
      metrics: metrics.map((category) => ({
        category,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      })),
    },
  };
}
