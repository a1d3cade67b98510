import type { TypeBehaviour } from './behaviour';
import { diagnosticSettingsBehaviour } from './behaviours/diagnostic-settings';
import { keyVaultBehaviour } from './behaviours/keyvault-vault';
import { mlComputeBehaviour } from './behaviours/ml-compute';
import {
  networkInterfaceBehaviour,
  privateEndpointBehaviour,
  publicIpBehaviour,
  virtualNetworkBehaviour,
} from './behaviours/network';
import {
  composePrivateEndpointConnections,
  composePrivateEndpointConnectionsOmittingNone,
} from './behaviours/private-endpoint-connections';
import { storageAccountBehaviour } from './behaviours/storage';

/**
 * How the provider answers: etag style, If-Match support, which writes are long-running.
 * `etag`: 'network' → W/"<guid>", 'cognitive' → W/"datetime'…'", both changing on every write;
 * 'none' → the provider returns no etag (ML workspaces and computes, vaults, storage accounts).
 */
export interface ResourceTypeSpec {
  type: string;
  etag: 'none' | 'network' | 'cognitive';
  /** The provider honours If-Match / If-None-Match on writes. */
  ifMatch: boolean;
  /** A location is required when the resource is created. */
  tracked: boolean;
  /** PATCH is part of the API. */
  patch: boolean;
  /** Long-running writes (201/202 + Azure-AsyncOperation); others answer 200/201 at once. */
  async: { put: boolean; patch: boolean; delete: boolean };
  /** Create answers 202 with no body and a Location (storage accounts), instead of 201 + body. */
  createAccepted?: boolean;
  /** Status of a synchronous create (some APIs answer 200 only). Default 201. */
  createStatus: 200 | 201;
  /** The provider reports `properties.provisioningState`. */
  provisioningState: boolean;
  /** Properties the service owns: kept from the stored body, ignored in a write. */
  serverManaged: readonly string[];
  behaviour: TypeBehaviour;
}

const ML = 'Microsoft.MachineLearningServices/workspaces';

function spec(type: string, partial: Partial<ResourceTypeSpec>): ResourceTypeSpec {
  return {
    type,
    etag: 'none',
    ifMatch: false,
    tracked: false,
    patch: true,
    async: { put: false, patch: false, delete: false },
    createStatus: 201,
    provisioningState: true,
    serverManaged: [],
    behaviour: {},
    ...partial,
  };
}

const NETWORK_ASYNC = { put: true, patch: false, delete: true };

const SPECS: ResourceTypeSpec[] = [
  spec(ML, {
    tracked: true,
    async: { put: true, patch: true, delete: true },
    serverManaged: [
      'privateEndpointConnections',
      'workspaceId',
      'discoveryUrl',
      'mlFlowTrackingUri',
    ],
    behaviour: { compose: composePrivateEndpointConnectionsOmittingNone },
  }),
  spec(`${ML}/computes`, {
    async: { put: true, patch: true, delete: true },
    serverManaged: ['createdOn', 'modifiedOn', 'provisioningErrors', 'isAttachedCompute'],
    behaviour: mlComputeBehaviour,
  }),
  spec(`${ML}/onlineEndpoints`, {
    tracked: true,
    async: { put: true, patch: true, delete: true },
    serverManaged: ['scoringUri', 'swaggerUri'],
  }),
  spec(`${ML}/privateEndpointConnections`, { patch: false, createStatus: 200 }),
  spec('Microsoft.KeyVault/vaults', {
    tracked: true,
    serverManaged: ['privateEndpointConnections', 'hsmPoolResourceId'],
    behaviour: keyVaultBehaviour,
  }),
  spec('Microsoft.KeyVault/vaults/privateEndpointConnections', { patch: false }),
  spec('Microsoft.Storage/storageAccounts', {
    tracked: true,
    async: { put: true, patch: false, delete: false },
    createAccepted: true,
    serverManaged: ['primaryEndpoints', 'creationTime', 'privateEndpointConnections'],
    behaviour: storageAccountBehaviour,
  }),
  ...['blobServices', 'fileServices', 'queueServices', 'tableServices'].map((s) =>
    spec(`Microsoft.Storage/storageAccounts/${s}`, { createStatus: 200, provisioningState: false }),
  ),
  spec('Microsoft.Storage/storageAccounts/privateEndpointConnections', { patch: false }),
  spec('Microsoft.CognitiveServices/accounts', {
    tracked: true,
    etag: 'cognitive',
    ifMatch: true,
    async: { put: true, patch: true, delete: true },
    serverManaged: ['endpoint', 'endpoints', 'privateEndpointConnections', 'dateCreated'],
    behaviour: { compose: composePrivateEndpointConnections },
  }),
  spec('Microsoft.CognitiveServices/accounts/privateEndpointConnections', { patch: false }),
  spec('Microsoft.Network/networkInterfaces', {
    tracked: true,
    etag: 'network',
    ifMatch: true,
    async: NETWORK_ASYNC,
    serverManaged: ['macAddress', 'virtualMachine', 'privateEndpoint'],
    behaviour: networkInterfaceBehaviour,
  }),
  spec('Microsoft.Network/publicIPAddresses', {
    tracked: true,
    etag: 'network',
    ifMatch: true,
    async: NETWORK_ASYNC,
    serverManaged: ['ipConfiguration'],
    behaviour: publicIpBehaviour,
  }),
  spec('Microsoft.Network/privateEndpoints', {
    tracked: true,
    etag: 'network',
    ifMatch: true,
    async: NETWORK_ASYNC,
    serverManaged: ['networkInterfaces'],
    behaviour: privateEndpointBehaviour,
  }),
  spec('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', {
    etag: 'network',
    ifMatch: true,
    patch: false,
    async: NETWORK_ASYNC,
  }),
  spec('Microsoft.Network/virtualNetworks', {
    tracked: true,
    etag: 'network',
    ifMatch: true,
    async: NETWORK_ASYNC,
    behaviour: virtualNetworkBehaviour,
  }),
  spec('Microsoft.Network/virtualNetworks/subnets', {
    etag: 'network',
    ifMatch: true,
    patch: false,
    async: NETWORK_ASYNC,
  }),
  spec('Microsoft.OperationalInsights/workspaces', {
    tracked: true,
    serverManaged: ['customerId', 'createdDate', 'modifiedDate'],
  }),
  spec('Microsoft.Insights/diagnosticSettings', {
    patch: false,
    createStatus: 200,
    provisioningState: false,
    behaviour: diagnosticSettingsBehaviour,
  }),
];

const BY_TYPE = new Map(SPECS.map((s) => [s.type.toLowerCase(), s]));

export function resourceTypeSpec(type: string): ResourceTypeSpec | undefined {
  return BY_TYPE.get(type.toLowerCase());
}

export function supportedTypes(): string[] {
  return SPECS.map((s) => s.type);
}
