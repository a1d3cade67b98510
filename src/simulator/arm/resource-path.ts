/** What an ARM request path names. */
export interface ResourcePath {
  subscriptionId: string;
  resourceGroup: string | undefined;
  /** Everything before the last `/providers/`: a resource group, subscription, or (extension) a resource id. */
  scope: string;
  namespace: string;
  /** Full type, e.g. `Microsoft.MachineLearningServices/workspaces/computes`. */
  type: string;
  /** Resource id, or the collection's path when `isCollection`. */
  id: string;
  name: string | undefined;
  isCollection: boolean;
  /** Parent resource id for a child type, e.g. the workspace of a compute. */
  parentId: string | undefined;
  /** Set when the scope is itself a resource: an extension resource such as a diagnostic setting. */
  extensionOf: string | undefined;
}

/** Parses `/subscriptions/{s}[/resourceGroups/{rg}][/...]/providers/{ns}/{type}[/{name}...]`. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segs = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  if (segs[0]?.toLowerCase() !== 'subscriptions' || !segs[1]) return undefined;
  const subscriptionId = segs[1];
  const resourceGroup = segs[2]?.toLowerCase() === 'resourcegroups' ? segs[3] : undefined;
  let p = -1;
  for (let i = segs.length - 1; i >= 2; i--) {
    if (segs[i]?.toLowerCase() === 'providers') {
      p = i;
      break;
    }
  }
  if (p < 0) return undefined;
  const namespace = segs[p + 1];
  const rest = segs.slice(p + 2);
  if (!namespace || rest.length === 0) return undefined;
  const scopeSegs = segs.slice(0, p);
  const scope = `/${scopeSegs.join('/')}`;
  const typeSegs: string[] = [];
  const names: string[] = [];
  rest.forEach((s, i) => (i % 2 === 0 ? typeSegs : names).push(s));
  const isCollection = typeSegs.length > names.length;
  const type = `${namespace}/${typeSegs.join('/')}`;
  const id = `/${segs.join('/')}`;
  let parentId: string | undefined;
  if (typeSegs.length > 1) {
    const parentRest = rest.slice(0, (typeSegs.length - 1) * 2);
    parentId = `${scope}/providers/${namespace}/${parentRest.join('/')}`;
  }
  const extensionOf = scopeSegs.some((s) => s.toLowerCase() === 'providers') ? scope : undefined;
  return {
    subscriptionId,
    resourceGroup,
    scope,
    namespace,
    type,
    id,
    name: isCollection ? undefined : names[names.length - 1],
    isCollection,
    parentId,
    extensionOf,
  };
}
