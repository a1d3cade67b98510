import { propertyPatchAction } from '../common/property-patch';

export const keyvaultDisablePublicNetwork = propertyPatchAction({
  id: 'keyvault-disable-public-network',
  resourceType: 'Microsoft.KeyVault/vaults',
  path: 'properties.publicNetworkAccess',
  target: 'Disabled',
  absentMeans: 'Enabled',
  summary: 'Set publicNetworkAccess to Disabled on the vault',
  conditional: false,
  permissions: {
    actions: ['Microsoft.KeyVault/vaults/read', 'Microsoft.KeyVault/vaults/write'],
    dataActions: [],
  },
  reversible: true,
  revertSummary:
    'Sets publicNetworkAccess back to its previous value (Enabled where it was unset).',
});
