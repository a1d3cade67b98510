import { propertyPatchAction } from '../common/property-patch';

export const cognitiveDisablePublicNetwork = propertyPatchAction({
  id: 'cognitive-disable-public-network',
  resourceType: 'Microsoft.CognitiveServices/accounts',
  path: 'properties.publicNetworkAccess',
  target: 'Disabled',
  absentMeans: 'Enabled',
  summary: 'Set publicNetworkAccess to Disabled on the account (conditional on its etag)',
  conditional: true,
  permissions: {
    actions: [
      'Microsoft.CognitiveServices/accounts/read',
      'Microsoft.CognitiveServices/accounts/write',
    ],
    dataActions: [],
  },
  reversible: true,
  revertSummary:
    'Sets publicNetworkAccess back to its previous value (Enabled where it was unset).',
});
