/**
 * ARM operations beside a watched type's own `<type>/write` that change what a rule judges, so
 * the subscription's event filter lets them through. Keyed by the resource type a rule watches
 * (lower case). Each entry says why: an operation without a reason here is not delivered. Every
 * operation must name a resource the event path can read (test/infra checks it).
 */
export const RELATED_OPERATIONS: Readonly<Record<string, readonly RelatedOperation[]>> = {
  'microsoft.machinelearningservices/workspaces/computes': [
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/computes/start/action',
      why: 'starting a compute that ward stopped to contain a public IP undoes the containment',
    },
  ],
  'microsoft.machinelearningservices/workspaces': [
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/write',
      why: 'a rejected or removed private endpoint connection leaves the workspace without private access',
    },
    {
      operation: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/delete',
      why: 'a deleted private endpoint connection leaves the workspace without private access',
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
