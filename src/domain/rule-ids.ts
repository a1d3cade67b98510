/** The rule ids are a stable contract: config, ledgers, tickets and exemptions name them. */
export const RULE_IDS = [
  'ml-compute-no-public-ip',
  'ml-compute-ssh-disabled',
  'ml-compute-local-auth-disabled',
  'ml-compute-managed-identity',
  'ml-compute-idle-shutdown',
  'ml-workspace-private-endpoint',
  'ml-workspace-public-network-disabled',
  'ml-workspace-managed-network-isolated',
  'ml-workspace-cmk-encryption',
  'ml-online-endpoint-aad-auth',
  'ml-online-endpoint-public-network-disabled',
  'keyvault-secret-expiry-set',
  'keyvault-secret-near-expiry',
  'keyvault-purge-protection-enabled',
  'keyvault-public-network-disabled',
  'keyvault-rbac-authorization',
  'diagnostic-settings-enabled',
  'network-nic-no-public-ip',
  'storage-min-tls-1-2',
  'storage-blob-public-access-disabled',
  'storage-shared-key-disabled',
  'cognitive-public-network-disabled',
  'cognitive-local-auth-disabled',
] as const;

export type RuleId = (typeof RULE_IDS)[number];
