/**
 * The one explicit list of rules. The export name is the camelCase of the rule id and the
 * folder is the id: the registry checks both when it loads.
 */
export { mlComputeNoPublicIp } from './ml-compute-no-public-ip';
export { mlComputeSshDisabled } from './ml-compute-ssh-disabled';
export { mlComputeLocalAuthDisabled } from './ml-compute-local-auth-disabled';
export { mlComputeManagedIdentity } from './ml-compute-managed-identity';
export { mlComputeIdleShutdown } from './ml-compute-idle-shutdown';
export { mlWorkspacePrivateEndpoint } from './ml-workspace-private-endpoint';
export { mlWorkspacePublicNetworkDisabled } from './ml-workspace-public-network-disabled';
export { mlWorkspaceManagedNetworkIsolated } from './ml-workspace-managed-network-isolated';
export { mlWorkspaceCmkEncryption } from './ml-workspace-cmk-encryption';
export { mlOnlineEndpointAadAuth } from './ml-online-endpoint-aad-auth';
export { mlOnlineEndpointPublicNetworkDisabled } from './ml-online-endpoint-public-network-disabled';
export { keyvaultSecretExpirySet } from './keyvault-secret-expiry-set';
export { keyvaultSecretNearExpiry } from './keyvault-secret-near-expiry';
export { keyvaultPurgeProtectionEnabled } from './keyvault-purge-protection-enabled';
export { keyvaultPublicNetworkDisabled } from './keyvault-public-network-disabled';
export { keyvaultRbacAuthorization } from './keyvault-rbac-authorization';
export { diagnosticSettingsEnabled } from './diagnostic-settings-enabled';
export { networkNicNoPublicIp } from './network-nic-no-public-ip';
export { storageMinTls12 } from './storage-min-tls-1-2';
export { storageBlobPublicAccessDisabled } from './storage-blob-public-access-disabled';
export { storageSharedKeyDisabled } from './storage-shared-key-disabled';
export { cognitivePublicNetworkDisabled } from './cognitive-public-network-disabled';
export { cognitiveLocalAuthDisabled } from './cognitive-local-auth-disabled';
