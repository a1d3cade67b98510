import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'keyvault-public-network-disabled',
  title: 'Key Vaults are not reachable from public networks',
  severity: 'high',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  rationale:
    'A vault that any public network can reach exposes its secrets to credential theft from ' +
    'anywhere. The rule passes when properties.publicNetworkAccess is Disabled, or when it is ' +
    'Enabled with properties.networkAcls.defaultAction Deny (the firewall admits only listed IP ' +
    'ranges and virtual networks). publicNetworkAccess absent means Enabled; networkAcls absent ' +
    'means no firewall.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'keyvault-disable-public-network',
    summary:
      'Set properties.publicNetworkAccess to Disabled (clients must use a private endpoint).',
  },
  references: {
    azurePolicy: [
      {
        id: '405c5871-3e91-4644-8a63-58e19d68ff5b',
        displayName: 'Azure Key Vault should disable public network access',
      },
      {
        id: '55615ac9-af46-4a59-874e-391cc3dfb490',
        displayName:
          'Azure Key Vault should have firewall enabled or public network access disabled',
      },
    ],
    prowler: ['keyvault_access_only_through_private_endpoints'],
    docs: [
      'https://learn.microsoft.com/azure/key-vault/general/network-security',
      'https://learn.microsoft.com/azure/key-vault/general/private-link-service',
    ],
  },
};
