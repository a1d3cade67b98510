import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'keyvault-rbac-authorization',
  title: 'Key Vaults use Azure RBAC instead of access policies',
  severity: 'medium',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  rationale:
    'Access policies grant vault-wide rights that anyone with Contributor on the vault can ' +
    'change, and they bypass Privileged Identity Management and Conditional Access. Azure RBAC ' +
    '(properties.enableRbacAuthorization true) scopes rights per secret and is audited like any ' +
    'role assignment. Absent means access policies at the api-version ward reads (2025-05-01). ' +
    'Switching needs the access policies translated into role assignments first, so a ticket ' +
    'is opened instead of a change.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary: 'Open a ticket to migrate the vault from access policies to Azure RBAC.',
  },
  references: {
    azurePolicy: [
      {
        id: '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5',
        displayName: 'Azure Key Vault should use RBAC permission model',
      },
    ],
    prowler: ['keyvault_rbac_enabled'],
    docs: [
      'https://learn.microsoft.com/azure/key-vault/general/rbac-guide',
      'https://learn.microsoft.com/azure/key-vault/general/rbac-migration',
    ],
  },
};
