import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'cognitive-local-auth-disabled',
  title: 'Azure OpenAI / Cognitive Services accounts reject API keys',
  severity: 'high',
  resourceTypes: ['Microsoft.CognitiveServices/accounts'],
  rationale:
    'API keys give anyone who holds one full use of the account, with no identity in the logs ' +
    'and no expiry. With properties.disableLocalAuth true callers must use Microsoft Entra ID; ' +
    'absent means keys are accepted. Clients that still use keys break, so the fix needs approval.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'cognitive-disable-local-auth',
    summary: 'Set properties.disableLocalAuth to true.',
  },
  references: {
    azurePolicy: [
      {
        id: '71ef260a-8f18-47b7-abcb-62d0673d94dc',
        displayName:
          'Azure AI Services resources should have key access disabled (disable local authentication)',
      },
      {
        id: '14de9e63-1b31-492e-a5a3-c3f7fd57f555',
        displayName:
          'Configure Cognitive Services accounts to disable local authentication methods',
      },
    ],
    prowler: [],
    docs: [
      'https://learn.microsoft.com/azure/ai-services/disable-local-auth',
      'https://learn.microsoft.com/azure/ai-services/openai/how-to/managed-identity',
    ],
  },
};
