import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-online-endpoint-aad-auth',
  title: 'Azure ML online endpoints do not use key authentication',
  severity: 'medium',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints'],
  rationale:
    'With authMode Key, anyone holding one of two static keys can call the model; the REST ' +
    'spec notes that keys do not expire, and they end up in notebooks, app settings and chat ' +
    'logs. AADToken (Microsoft Entra ID) checks the caller and its role on every request and ' +
    'passes. AMLToken also passes: it is a short-lived token that only an Entra-authenticated ' +
    "caller with the endpoint's token permission can obtain, so no standing secret exists; " +
    'the evidence notes that AADToken is the stronger choice. No Azure Policy built-in covers ' +
    'this setting. For a data scientist: callers get a token with az ml online-endpoint ' +
    'get-credentials or from Entra ID instead of pasting a key. For an ops engineer: authMode ' +
    'is fixed when the endpoint is created, so the fix is a ticket.',
  defaultMode: 'ticket',
  remedy: {
    actionId: 'none',
    summary: 'Open a ticket to recreate the endpoint with authMode AADToken (fixed at creation).',
  },
  references: {
    azurePolicy: [],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/machine-learning/how-to-authenticate-online-endpoint',
    ],
  },
};
