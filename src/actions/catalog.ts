/** Every remediation action, one export per folder; the registry checks names against ids. */
export { cognitiveDisableLocalAuth } from './cognitive-disable-local-auth';
export { cognitiveDisablePublicNetwork } from './cognitive-disable-public-network';
export { diagnosticSettingsCreate } from './diagnostic-settings-create';
export { keyvaultDisablePublicNetwork } from './keyvault-disable-public-network';
export { keyvaultEnablePurgeProtection } from './keyvault-enable-purge-protection';
export { keyvaultSecretSetExpiry } from './keyvault-secret-set-expiry';
export { mlComputeAssignIdentity } from './ml-compute-assign-identity';
export { mlComputeSetIdleShutdown } from './ml-compute-set-idle-shutdown';
export { mlComputeStopOrScaleToZero } from './ml-compute-stop-or-scale-to-zero';
export { mlOnlineEndpointDisablePublicNetwork } from './ml-online-endpoint-disable-public-network';
export { mlWorkspaceCreatePrivateEndpoint } from './ml-workspace-create-private-endpoint';
export { mlWorkspaceDisablePublicNetwork } from './ml-workspace-disable-public-network';
export { networkNicDissociatePublicIp } from './network-nic-dissociate-public-ip';
export { storageDisableBlobPublicAccess } from './storage-disable-blob-public-access';
export { storageSetMinTls12 } from './storage-set-min-tls-1-2';
