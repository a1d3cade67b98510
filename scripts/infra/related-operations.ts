/**
 * ARM operations beside a watched type's own `<type>/write` that change what a rule judges, so
 * the subscription's event filter lets them through. Keyed by the resource type a rule watches
 * (lower case). Each entry says why: an operation without a reason here is not delivered.
 */
export const RELATED_OPERATIONS: Readonly<Record<string, readonly RelatedOperation[]>> = {
  'microsoft.machinelearningservices/workspaces': [
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/write',
      why: 'a private endpoint connection added or approved changes ml-workspace-private-endpoint',
    },
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/delete',
      why: 'a removed private endpoint connection fails ml-workspace-private-endpoint again',
    },
  ],
  'microsoft.machinelearningservices/workspaces/computes': [
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/computes/start/action',
      why: 'starting a compute that ward stopped to contain a public IP undoes the containment',
    },
  ],
};

/**
 * Operations that follow from a rule rather than a type: the diagnostic settings rule judges an
 * extension resource that lives under every watched type.
 */
export const RULE_OPERATIONS: Readonly<Record<string, readonly RelatedOperation[]>> = {
  'diagnostic-settings-enabled': [
    {
      operation: 'Microsoft.Insights/diagnosticSettings/write',
      why: 'a changed diagnostic setting can stop sending audit logs',
    },
    {
      operation: 'Microsoft.Insights/diagnosticSettings/delete',
      why: 'a deleted diagnostic setting stops sending audit logs',
    },
  ],
};

export interface RelatedOperation {
  operation: string;
  why: string;
}
