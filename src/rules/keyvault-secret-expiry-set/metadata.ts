import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'keyvault-secret-expiry-set',
  title: 'Key Vault secrets have an expiry date',
  severity: 'medium',
  resourceTypes: ['Microsoft.KeyVault/vaults/secrets'],
  rationale:
    'A secret without an expiry (attributes.exp) stays valid forever, so a leaked credential ' +
    'for a workspace, datastore or endpoint is never forced out of use. Disabled secrets and ' +
    'secrets Key Vault manages for certificates are skipped: their expiry is not set on the secret.',
  defaultMode: 'auto',
  remedy: {
    actionId: 'keyvault-secret-set-expiry',
    summary: 'Set attributes.exp on the current version to now plus the configured number of days.',
  },
  references: {
    azurePolicy: [
      {
        id: '98728c90-32c7-4049-8429-847dc0f4fe37',
        displayName: 'Key Vault secrets should have an expiration date',
      },
    ],
    prowler: ['keyvault_rbac_secret_expiration_set', 'keyvault_non_rbac_secret_expiration_set'],
    docs: [
      'https://learn.microsoft.com/azure/key-vault/secrets/about-secrets',
      'https://learn.microsoft.com/azure/key-vault/general/best-practices',
    ],
  },
};
