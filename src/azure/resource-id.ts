import { AzureError } from './errors';

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  /** Full type, e.g. `Microsoft.Storage/storageAccounts/blobServices`. */
  type: string;
  name: string;
}

/**
 * Splits an ARM resource id. The type comes from the last `/providers/` segment, so an
 * extension resource (`.../providers/Microsoft.Insights/diagnosticSettings/x`) has its own type.
 */
export function parseResourceId(resourceId: string): ParsedResourceId {
  const parts = resourceId.split('/').filter(Boolean);
  const invalid = (why: string): AzureError =>
    new AzureError('invalid-resource-id', `"${resourceId}" is not an ARM resource id: ${why}`, {
      retryable: false,
    });
  if (parts[0]?.toLowerCase() !== 'subscriptions' || !parts[1]) {
    throw invalid('it does not start with /subscriptions/{id}');
  }
  const subscriptionId = parts[1];
  const groupIndex = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  const resourceGroup = groupIndex >= 0 ? parts[groupIndex + 1] : undefined;
  let providersIndex = -1;
  parts.forEach((p, i) => {
    if (p.toLowerCase() === 'providers') providersIndex = i;
  });
  const tail = providersIndex >= 0 ? parts.slice(providersIndex + 1) : [];
  const namespace = tail[0];
  const rest = tail.slice(1);
  if (!namespace || rest.length < 2 || rest.length % 2 !== 0) {
    throw invalid('it names no provider resource type and name');
  }
  const types = rest.filter((_, i) => i % 2 === 0);
  const name = rest[rest.length - 1] ?? '';
  return {
    subscriptionId,
    ...(resourceGroup ? { resourceGroup } : {}),
    type: [namespace, ...types].join('/'),
    name,
  };
}
