const DIAGNOSTIC_SETTING = /^(.+?)\/providers\/Microsoft\.Insights\/diagnosticSettings\/[^/]+$/i;
const STORAGE_SERVICE =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+)\/(blob|file|queue|table)Services\/[^/]+$/i;
/** A private endpoint connection of a workspace or vault: a child the parent's rules judge. */
const PRIVATE_ENDPOINT_CONNECTION =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/(?:Microsoft\.MachineLearningServices\/workspaces|Microsoft\.KeyVault\/vaults)\/[^/]+)\/privateEndpointConnections\/[^/]+$/i;

/**
 * The resource whose rules a change concerns. A diagnostic setting is an extension resource:
 * writing or deleting one changes what its parent sends to Log Analytics, so the parent is
 * judged (a storage service's setting belongs to its storage account). A private endpoint
 * connection changes whether its workspace or vault is reachable privately, so the workspace
 * or vault is judged.
 */
export function judgedResourceId(resourceUri: string): string {
  const connectionParent = PRIVATE_ENDPOINT_CONNECTION.exec(resourceUri)?.[1];
  if (connectionParent !== undefined) return connectionParent;
  const parent = DIAGNOSTIC_SETTING.exec(resourceUri)?.[1];
  if (parent === undefined) return resourceUri;
  return STORAGE_SERVICE.exec(parent)?.[1] ?? parent;
}
