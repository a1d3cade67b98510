/**
 * Remediation action ids. Rules name one in their metadata (or `none` when the remedy is a
 * ticket or an alert); src/actions implements each and declares the permissions it needs.
 */
export const ACTION_IDS = [
  'ml-compute-stop-or-scale-to-zero',
  'ml-compute-assign-identity',
  'ml-compute-set-idle-shutdown',
  'ml-workspace-create-private-endpoint',
  'ml-workspace-disable-public-network',
  'ml-online-endpoint-disable-public-network',
  'keyvault-secret-set-expiry',
  'keyvault-enable-purge-protection',
  'keyvault-disable-public-network',
  'diagnostic-settings-create',
  'network-nic-dissociate-public-ip',
  'storage-set-min-tls-1-2',
  'storage-disable-blob-public-access',
  'cognitive-disable-public-network',
  'cognitive-disable-local-auth',
] as const;

export type ActionId = (typeof ACTION_IDS)[number];
export type RemedyActionId = ActionId | 'none';
