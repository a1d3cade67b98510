import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'cognitive-public-network-disabled',
  title: 'Azure OpenAI / Cognitive Services accounts are not reachable from public networks',
  severity: 'high',
  resourceTypes: ['Microsoft.CognitiveServices/accounts'],
  rationale:
    'A model endpoint any public network can call is open to abuse of stolen credentials and ' +
    'to data exfiltration through prompts. The rule passes when properties.publicNetworkAccess ' +
    'is Disabled, or when it is Enabled with properties.networkAcls.defaultAction Deny (only ' +
    'listed IP ranges and virtual networks reach the account, as the Azure Policy built-in ' +
    '"restrict network access" accepts). publicNetworkAccess absent means Enabled; networkAcls ' +
    'absent means no network rules.',
  defaultMode: 'approve',
  remedy: {
    actionId: 'cognitive-disable-public-network',
    summary:
      'Set properties.publicNetworkAccess to Disabled (clients must use a private endpoint).',
  },
  references: {
    azurePolicy: [
      {
        id: '037eea7a-bd0a-46c5-9a66-03aea78705d3',
        displayName: 'Azure AI Services resources should restrict network access',
      },
      {
        id: '47ba1dd7-28d9-4b07-a8d5-9813bed64e0c',
        displayName: 'Configure Cognitive Services accounts to disable public network access',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks'],
  },
};
