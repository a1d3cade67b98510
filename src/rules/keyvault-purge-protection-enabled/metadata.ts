import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'keyvault-purge-protection-enabled',
  title: 'Key Vaults have purge protection enabled',
  severity: 'high',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  rationale:
    'Without purge protection (properties.enablePurgeProtection, absent means off) anyone with ' +
    'purge rights can permanently destroy the vault and the keys and secrets ML workloads ' +
    'depend on before the soft-delete retention ends. Turning it on is irreversible, so the fix ' +
    'needs approval.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'keyvault-enable-purge-protection',
    summary: 'Set properties.enablePurgeProtection to true (irreversible).',
  },
  references: {
    azurePolicy: [
      {
        id: '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53',
        displayName: 'Key vaults should have deletion protection enabled',
      },
    ],
    prowler: ['keyvault_recoverable'],
    docs: ['https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview'],
  },
};
