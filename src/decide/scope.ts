/** ARM ids compare case-insensitively; trailing slashes carry no meaning. */
function normalize(id: string): string {
  return id.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * True when `resourceId` is `scope` or lies under it, segment by segment:
 * `/subscriptions/a` covers `/subscriptions/a/resourceGroups/x` but not `/subscriptions/ab`.
 */
export function scopeContains(scope: string, resourceId: string): boolean {
  const outer = normalize(scope);
  const inner = normalize(resourceId);
  if (outer.length === 0) return false;
  return inner === outer || inner.startsWith(`${outer}/`);
}

/** How specific a scope is: its number of path segments. */
export function scopeDepth(scope: string): number {
  return normalize(scope)
    .split('/')
    .filter((segment) => segment.length > 0).length;
}
