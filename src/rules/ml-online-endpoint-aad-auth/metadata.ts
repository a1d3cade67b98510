import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-online-endpoint-aad-auth',
  title: 'Azure ML online endpoints do not use key authentication',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints'],
  rationale:
    'With authMode Key, anyone holding one of two static keys can call the model from anywhere; ' +
    'the keys do not expire and end up in notebooks, app settings and chat logs. AADToken ' +
    '(Microsoft Entra ID) checks the caller and its score permission on every request and ' +
    'passes. AMLToken passes too: it is short-lived and only an Entra-authenticated caller ' +
    "with the endpoint's token permission can fetch one, so no standing secret exists; on a " +
    'managed endpoint the evidence notes that AADToken is stronger, and Kubernetes endpoints ' +
    'support only Key and AMLToken. No Azure Policy built-in covers this setting. For a data ' +
    'scientist: callers fetch a token (az ml online-endpoint get-credentials, or from Entra ID) ' +
    'instead of pasting a key. For an ops engineer: authMode can be updated in place, but the ' +
    'switch breaks every caller that still sends a key, so ward opens a ticket for the owners ' +
    'to move their callers first.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary:
      'Open a ticket: move callers from keys to tokens, then set authMode to AADToken (AMLToken ' +
      'on Kubernetes endpoints).',
  },
  references: {
    azurePolicy: [],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint',
    ],
  },
};
