import {
  cognitiveAccount,
  diagnosticSetting,
  keyVault,
  logAnalyticsWorkspace,
  mlCompute,
  mlOnlineEndpoint,
  mlWorkspace,
  networkInterface,
  nicIpConfigurationId,
  privateEndpoint,
  publicIpAddress,
  storageAccount,
  subnetId,
  virtualNetwork,
  type Scope,
} from './bodies';
import type { Seed, SeedResource, SeedSecret } from './format';
import { ML_PRIVATE_DNS_ZONE, privateDnsZone, wireJumpbox } from './network-references';
import { deterministicUuid, providerId } from './ids';

const DAY = 86_400;
const NAMESPACE = 'ward-insecure-estate';

/** Names in the bundled estate that tests and the demo refer to. */
export const INSECURE_ESTATE = {
  tenantId: deterministicUuid(NAMESPACE, 'tenant'),
  subscriptions: {
    prod: deterministicUuid(NAMESPACE, 'subscription', 'ml-prod'),
    research: deterministicUuid(NAMESPACE, 'subscription', 'ml-research'),
  },
  resourceGroups: { shared: 'rg-ml-shared', prod: 'rg-ml-prod', research: 'rg-ml-research' },
  workspaces: {
    secure: 'mlw-prod-secure',
    public: 'mlw-prod-public',
    hub: 'mlw-hub-genai',
    research: 'mlw-research',
  },
  vaults: { legacy: 'kv-ml-prod-legacy', secure: 'kv-ml-prod-secure', research: 'kv-ml-research' },
  storageAccounts: {
    legacy: 'stmlprodlegacy01',
    secure: 'stmlprodsecure01',
    research: 'stmlresearch01',
  },
  openAi: { public: 'oai-ml-prod', secure: 'oai-research-secure' },
  logAnalytics: 'log-ward-shared',
  vnet: 'vnet-ml-shared',
  privateEndpointSubnet: 'snet-private-endpoints',
  privateDnsZone: ML_PRIVATE_DNS_ZONE,
} as const;

export interface InsecureEstateOptions {
  /** Time the secrets' expiry dates are placed around (the simulator's clock at start). */
  now: Date;
}

function uuid(...parts: string[]): string {
  return deterministicUuid(NAMESPACE, ...parts);
}

/**
 * The bundled insecure ML estate: one tenant, two subscriptions, and at least one failing and
 * one passing resource for most rules in the catalog. Resource ids and GUIDs are deterministic;
 * only the secrets' times follow `now`.
 */
export function insecureEstate(options: InsecureEstateOptions): Seed {
  const names = INSECURE_ESTATE;
  const now = Math.floor(options.now.getTime() / 1000);
  const location = 'westeurope';
  const tenantId = names.tenantId;
  const shared: Scope = {
    tenantId,
    subscriptionId: names.subscriptions.prod,
    resourceGroup: names.resourceGroups.shared,
    location,
  };
  const prod: Scope = { ...shared, resourceGroup: names.resourceGroups.prod };
  const research: Scope = {
    ...shared,
    subscriptionId: names.subscriptions.research,
    resourceGroup: names.resourceGroups.research,
  };
  const resources: SeedResource[] = [];
  const add = (...items: SeedResource[]): void => {
    resources.push(...items);
  };

  // Shared network and logging.
  const logs = logAnalyticsWorkspace(shared, names.logAnalytics, uuid('log', 'customer'));
  const vnet = virtualNetwork(shared, names.vnet, '10.20.0.0/16', [
    { name: names.privateEndpointSubnet, addressPrefix: '10.20.1.0/24', forPrivateEndpoints: true },
    { name: 'snet-compute', addressPrefix: '10.20.2.0/24' },
    { name: 'snet-vms', addressPrefix: '10.20.3.0/24' },
  ]);
  add(logs, vnet, privateDnsZone(shared, ML_PRIVATE_DNS_ZONE));
  const peSubnet = subnetId(vnet, names.privateEndpointSubnet);
  const computeSubnet = subnetId(vnet, 'snet-compute');
  const vmSubnet = subnetId(vnet, 'snet-vms');
  const auditLogs = [{ categoryGroup: 'audit' }];
  const allLogs = [{ categoryGroup: 'allLogs' }];

  // Key Vaults.
  const kvLegacy = keyVault(prod, {
    name: names.vaults.legacy,
    purgeProtection: false,
    rbacAuthorization: false,
    publicNetworkAccess: 'Enabled',
    accessPolicyObjectId: uuid('user', 'data-science-team'),
  });
  const kvSecure = keyVault(prod, {
    name: names.vaults.secure,
    purgeProtection: true,
    rbacAuthorization: true,
    publicNetworkAccess: 'Disabled',
    accessPolicyObjectId: uuid('user', 'platform-team'),
  });
  const kvResearch = keyVault(research, {
    name: names.vaults.research,
    purgeProtection: true,
    rbacAuthorization: true,
    publicNetworkAccess: 'Enabled',
    accessPolicyObjectId: uuid('user', 'research-team'),
  });
  add(kvLegacy, kvSecure, kvResearch);
  add(diagnosticSetting(kvSecure.id, 'to-log-analytics', logs.id, [{ category: 'AuditEvent' }]));

  // Storage accounts.
  const stLegacy = storageAccount(prod, {
    name: names.storageAccounts.legacy,
    minimumTlsVersion: 'TLS1_0',
    allowBlobPublicAccess: true,
    allowSharedKeyAccess: true,
    publicNetworkAccess: 'Enabled',
  });
  const stSecure = storageAccount(prod, {
    name: names.storageAccounts.secure,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Disabled',
  });
  const stResearch = storageAccount(research, {
    name: names.storageAccounts.research,
    minimumTlsVersion: 'TLS1_1',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: true,
    publicNetworkAccess: 'Enabled',
  });
  add(stLegacy, stSecure, stResearch);
  // A storage account's logs live on its services; the account-level setting carries metrics.
  add(diagnosticSetting(stSecure.id, 'metrics-to-log-analytics', logs.id, [], ['Transaction']));
  add(
    diagnosticSetting(
      `${stSecure.id}/blobServices/default`,
      'to-log-analytics',
      logs.id,
      auditLogs,
      ['Transaction'],
    ),
  );
  // Metrics only: no audit logs anywhere, so the account still fails the diagnostics rule.
  add(diagnosticSetting(stLegacy.id, 'metrics-only', logs.id, [], ['Transaction']));

  // Machine Learning workspaces.
  const wsSecureId = providerId(
    prod.subscriptionId,
    prod.resourceGroup,
    'Microsoft.MachineLearningServices',
    'workspaces',
    names.workspaces.secure,
  );
  const peWorkspace = privateEndpoint(prod, {
    name: `pe-${names.workspaces.secure}`,
    subnetId: peSubnet,
    targetId: wsSecureId,
    groupId: 'amlworkspace',
  });
  const wsSecure = mlWorkspace(prod, {
    name: names.workspaces.secure,
    kind: 'Default',
    publicNetworkAccess: 'Disabled',
    isolationMode: 'AllowOnlyApprovedOutbound',
    principalId: uuid('identity', names.workspaces.secure),
    storageAccountId: stSecure.id,
    keyVaultId: kvSecure.id,
    privateEndpointId: peWorkspace.id,
    cmkKeyIdentifier: `https://${names.vaults.secure}.vault.azure.net/keys/mlw-cmk/0f5a3e2b9c8d4e1fa2b3c4d5e6f70812`,
    tags: { env: 'prod', owner: 'fraud-team' },
  });
  const wsPublic = mlWorkspace(prod, {
    name: names.workspaces.public,
    kind: 'Default',
    publicNetworkAccess: 'Enabled',
    isolationMode: 'Disabled',
    principalId: uuid('identity', names.workspaces.public),
    storageAccountId: stLegacy.id,
    keyVaultId: kvLegacy.id,
    tags: { env: 'prod', owner: 'churn-team' },
  });
  const wsHub = mlWorkspace(prod, {
    name: names.workspaces.hub,
    kind: 'Hub',
    publicNetworkAccess: 'Enabled',
    isolationMode: 'Disabled',
    principalId: uuid('identity', names.workspaces.hub),
    storageAccountId: stLegacy.id,
    keyVaultId: kvLegacy.id,
    tags: { env: 'prod', owner: 'genai-team' },
  });
  const wsResearch = mlWorkspace(research, {
    name: names.workspaces.research,
    kind: 'Default',
    publicNetworkAccess: 'Enabled',
    isolationMode: 'AllowInternetOutbound',
    principalId: uuid('identity', names.workspaces.research),
    storageAccountId: stResearch.id,
    keyVaultId: kvResearch.id,
    tags: { env: 'research' },
  });
  add(peWorkspace, wsSecure, wsPublic, wsHub, wsResearch);
  add(diagnosticSetting(wsSecure.id, 'to-log-analytics', logs.id, allLogs));
  add(diagnosticSetting(wsResearch.id, 'to-log-analytics', logs.id, auditLogs));

  // Computes.
  add(
    mlCompute(prod, names.workspaces.public, {
      name: 'ci-alice',
      computeType: 'ComputeInstance',
      enableNodePublicIp: true,
      publicSsh: true,
      disableLocalAuth: false,
      idleTimeBeforeShutdown: 'PT60M',
    }),
    mlCompute(prod, names.workspaces.public, {
      name: 'ci-bob',
      computeType: 'ComputeInstance',
      enableNodePublicIp: false,
      publicSsh: false,
      disableLocalAuth: true,
      principalId: uuid('identity', 'ci-bob'),
      subnetId: computeSubnet,
    }),
    mlCompute(prod, names.workspaces.public, {
      name: 'cpu-cluster',
      computeType: 'AmlCompute',
      enableNodePublicIp: true,
      publicSsh: true,
      disableLocalAuth: false,
    }),
    mlCompute(prod, names.workspaces.secure, {
      name: 'ci-secure',
      computeType: 'ComputeInstance',
      enableNodePublicIp: false,
      publicSsh: false,
      disableLocalAuth: true,
      idleTimeBeforeShutdown: 'PT30M',
      principalId: uuid('identity', 'ci-secure'),
      subnetId: computeSubnet,
    }),
    mlCompute(prod, names.workspaces.secure, {
      name: 'gpu-cluster-secure',
      computeType: 'AmlCompute',
      enableNodePublicIp: false,
      publicSsh: false,
      disableLocalAuth: true,
      principalId: uuid('identity', 'gpu-cluster-secure'),
      subnetId: computeSubnet,
    }),
    mlCompute(research, names.workspaces.research, {
      name: 'ci-carol',
      computeType: 'ComputeInstance',
      enableNodePublicIp: true,
      publicSsh: false,
      disableLocalAuth: false,
    }),
  );

  // Online endpoints.
  add(
    mlOnlineEndpoint(prod, names.workspaces.public, {
      name: 'churn-scoring',
      authMode: 'Key',
      publicNetworkAccess: 'Enabled',
      principalId: uuid('identity', 'churn-scoring'),
    }),
    mlOnlineEndpoint(prod, names.workspaces.secure, {
      name: 'fraud-scoring',
      authMode: 'AADToken',
      publicNetworkAccess: 'Disabled',
      principalId: uuid('identity', 'fraud-scoring'),
    }),
  );

  // Azure OpenAI.
  const oaiPublic = cognitiveAccount(prod, {
    name: names.openAi.public,
    kind: 'OpenAI',
    publicNetworkAccess: 'Enabled',
    disableLocalAuth: false,
    principalId: uuid('identity', names.openAi.public),
  });
  const oaiSecure = cognitiveAccount(research, {
    name: names.openAi.secure,
    kind: 'OpenAI',
    publicNetworkAccess: 'Disabled',
    disableLocalAuth: true,
    principalId: uuid('identity', names.openAi.secure),
  });
  add(oaiPublic, oaiSecure);
  add(diagnosticSetting(oaiSecure.id, 'to-log-analytics', logs.id, auditLogs));

  // A jump box NIC with a public IP, and a NIC without one.
  const pipId = providerId(
    prod.subscriptionId,
    prod.resourceGroup,
    'Microsoft.Network',
    'publicIPAddresses',
    'pip-jumpbox',
  );
  // The jump box sits behind a load balancer and an application gateway, with a network and an
  // application security group: every reference a NIC write makes ARM check a join on.
  const jumpbox = wireJumpbox(
    prod,
    networkInterface(prod, {
      name: 'nic-jumpbox',
      subnetId: vmSubnet,
      privateIpAddress: '10.20.3.4',
      publicIpAddressId: pipId,
    }),
  );
  const nicJumpbox = jumpbox.nic;
  add(
    ...jumpbox.resources,
    nicJumpbox,
    publicIpAddress(prod, 'pip-jumpbox', '20.105.88.17', nicIpConfigurationId(nicJumpbox)),
    networkInterface(prod, {
      name: 'nic-build-agent',
      subnetId: vmSubnet,
      privateIpAddress: '10.20.3.5',
    }),
  );

  const secret = (
    vault: string,
    name: string,
    attributes: { exp?: number; createdDaysAgo: number },
    contentType?: string,
  ): SeedSecret => {
    const created = now - attributes.createdDaysAgo * DAY;
    const result: SeedSecret = {
      vault,
      name,
      attributes: { enabled: true, created, updated: created },
    };
    if (attributes.exp !== undefined) result.attributes.exp = attributes.exp;
    if (contentType) result.contentType = contentType;
    return result;
  };
  const secrets: SeedSecret[] = [
    secret(names.vaults.legacy, 'sql-admin-password', { createdDaysAgo: 400 }, 'text/plain'),
    secret(names.vaults.legacy, 'storage-connection-string', { createdDaysAgo: 200 }),
    secret(names.vaults.legacy, 'partner-api-token', { createdDaysAgo: 340, exp: now + 10 * DAY }),
    secret(names.vaults.legacy, 'legacy-sp-client-secret', {
      createdDaysAgo: 370,
      exp: now - 5 * DAY,
    }),
    // Enters the 30-day window a day after start: advancing the clock raises SecretNearExpiry.
    secret(names.vaults.legacy, 'feature-store-key', { createdDaysAgo: 60, exp: now + 31 * DAY }),
    secret(names.vaults.secure, 'model-registry-token', {
      createdDaysAgo: 30,
      exp: now + 180 * DAY,
    }),
    secret(names.vaults.secure, 'teams-webhook-url', { createdDaysAgo: 30, exp: now + 365 * DAY }),
    secret(names.vaults.research, 'notebook-token', { createdDaysAgo: 90 }),
  ];

  return {
    tenantId,
    subscriptions: [
      { subscriptionId: names.subscriptions.prod, displayName: 'ml-prod' },
      { subscriptionId: names.subscriptions.research, displayName: 'ml-research' },
    ],
    resources,
    secrets,
  };
}
