const DIAGNOSTIC_SETTING = /^(.+?)\/providers\/Microsoft\.Insights\/diagnosticSettings\/[^/]+$/i;
const STORAGE_SERVICE =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+)\/(blob|file|queue|table)Services\/[^/]+$/i;

/**
 * The resource whose rules a change concerns. A diagnostic setting is an extension resource:
 * writing or deleting one changes what its parent sends to Log Analytics, so the parent is
 * judged (a storage service's setting belongs to its storage account).
 */
export function judgedResourceId(resourceUri: string): string {
  const parent = DIAGNOSTIC_SETTING.exec(resourceUri)?.[1];
  if (parent === undefined) return resourceUri;
  return STORAGE_SERVICE.exec(parent)?.[1] ?? parent;
}
