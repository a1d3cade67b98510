import { readPath } from '../../rules/paths';
import { propertyPatchAction } from '../common/property-patch';

export const keyvaultEnablePurgeProtection = propertyPatchAction({
  id: 'keyvault-enable-purge-protection',
  resourceType: 'Microsoft.KeyVault/vaults',
  path: 'properties.enablePurgeProtection',
  target: true,
  summary: 'Turn on purge protection for the vault (Azure never lets it be turned off again)',
  conditional: false,
  permissions: {
    actions: ['Microsoft.KeyVault/vaults/read', 'Microsoft.KeyVault/vaults/write'],
    dataActions: [],
  },
  reversible: false,
  revertSummary:
    'Cannot be undone: Azure does not allow purge protection to be turned off once it is on.',
  refuse(resource) {
    // Purge protection needs soft delete; turning soft delete on is a separate, one-way decision.
    return readPath(resource, 'properties.enableSoftDelete') === false
      ? 'Soft delete is off (properties.enableSoftDelete is false): purge protection requires it, and turning it on is a separate irreversible decision.'
      : undefined;
  },
});
