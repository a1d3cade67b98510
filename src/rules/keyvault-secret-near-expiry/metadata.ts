import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'keyvault-secret-near-expiry',
  title: 'Key Vault secrets are rotated before they expire',
  severity: 'high',
  resourceTypes: ['Microsoft.KeyVault/vaults/secrets'],
  rationale:
    'A secret that expires breaks whatever uses it (datastores, endpoints, pipelines); one that ' +
    'has expired is already breaking it. Secrets expiring within the configured number of days ' +
    '(secretNearExpiryDays, the threshold itself included) or already expired fail so that the ' +
    'owner rotates them in time (for a Key Vault-managed, certificate-backed secret: renews ' +
    'the certificate). Secrets without an expiry and disabled secrets are skipped.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary: 'Post a Teams alert and open a ticket to rotate the secret.',
  },
  references: {
    azurePolicy: [
      {
        id: 'b0eb591a-5e70-4534-a8bf-04b9c489584a',
        displayName: 'Secrets should have more than the specified number of days before expiration',
      },
    ],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/key-vault/general/event-grid-overview',
      'https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation',
    ],
  },
};
