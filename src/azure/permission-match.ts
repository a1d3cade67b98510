/**
 * One entry of ARM's permissions API answer (`GET {scope}/providers/Microsoft.Authorization/
 * permissions`): what one role assignment grants the caller at that scope.
 */
export interface PermissionEntry {
  actions: readonly string[];
  notActions: readonly string[];
}

/**
 * Azure RBAC's operation match: case-insensitive, `*` standing for any run of characters
 * (`Microsoft.Network/*`, `*\/read`, `*`).
 */
export function permissionMatches(permission: string, operation: string): boolean {
  const pattern = permission
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(operation.toLowerCase());
}

/**
 * Whether some entry grants `operation`: ARM takes each role's actions minus that same role's
 * notActions, and the union over roles (a notAction of one role does not deny what another
 * role grants).
 */
export function entriesGrant(entries: readonly PermissionEntry[], operation: string): boolean {
  return entries.some(
    (entry) =>
      entry.actions.some((p) => permissionMatches(p, operation)) &&
      !entry.notActions.some((p) => permissionMatches(p, operation)),
  );
}

/** The operations of `wanted` that no entry grants, in the order given. */
export function missingOperations(
  entries: readonly PermissionEntry[],
  wanted: readonly string[],
): string[] {
  return wanted.filter((operation) => !entriesGrant(entries, operation));
}
