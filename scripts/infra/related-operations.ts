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
  // A workspace's private endpoint connections change ml-workspace-private-endpoint too, but an
  // event names the connection and ward judges the resource an event names (diagnostic
  // settings excepted, see src/events/judged-resource.ts): until connections map to their
  // workspace there, the sweep reconciles them and the filter leaves them out.
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
