/**
 * How Azure RBAC compares operation names and scopes: case-insensitively, `*` in a permission
 * matching any run of characters (`Microsoft.Network/*`, `*\/read`,
 * `Microsoft.KeyVault/vaults/secrets/*`).
 */
export function permissionMatches(permission: string, operation: string): boolean {
  const pattern = permission
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(operation.toLowerCase());
}

/** Granted when some permission matches and no "not" permission does. */
export function grants(
  allowed: readonly string[],
  denied: readonly string[],
  operation: string,
): boolean {
  return (
    allowed.some((p) => permissionMatches(p, operation)) &&
    !denied.some((p) => permissionMatches(p, operation))
  );
}

function trimScope(scope: string): string {
  const lower = scope.toLowerCase();
  return lower.endsWith('/') ? lower.slice(0, -1) : lower;
}

/** An assignment at `assigned` covers `target` when it is the same scope or one above it. */
export function scopeCovers(assigned: string, target: string): boolean {
  const a = trimScope(assigned);
  const t = trimScope(target);
  return a === '' || a === t || t.startsWith(`${a}/`);
}
