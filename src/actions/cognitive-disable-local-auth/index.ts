import { propertyPatchAction } from '../common/property-patch';

export const cognitiveDisableLocalAuth = propertyPatchAction({
  id: 'cognitive-disable-local-auth',
  resourceType: 'Microsoft.CognitiveServices/accounts',
  path: 'properties.disableLocalAuth',
  target: true,
  absentMeans: false,
  summary: 'Set disableLocalAuth to true on the account: API keys stop working, Entra ID remains',
  conditional: true,
  permissions: {
    actions: [
      'Microsoft.CognitiveServices/accounts/read',
      'Microsoft.CognitiveServices/accounts/write',
    ],
    dataActions: [],
  },
  reversible: true,
  revertSummary: 'Sets disableLocalAuth back to its previous value (false where it was unset).',
});
