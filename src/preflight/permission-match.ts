/** What ARM's permissions API lists per role that applies at a scope. */
export interface PermissionEntry {
  actions: readonly string[];
  notActions: readonly string[];
  dataActions: readonly string[];
  notDataActions: readonly string[];
}

// An action pattern ('*', 'Microsoft.Authorization/*', '*/read') matched as ARM does:
// case-insensitive, '*' standing for any run of characters.
function matches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

/** True when one entry grants `action`: an action pattern covers it and none of that entry's notActions does. */
export function holds(
  entries: readonly PermissionEntry[],
  action: string,
  kind: 'action' | 'dataAction' = 'action',
): boolean {
  return entries.some((entry) => {
    const allow = kind === 'action' ? entry.actions : entry.dataActions;
    const deny = kind === 'action' ? entry.notActions : entry.notDataActions;
    return allow.some((p) => matches(p, action)) && !deny.some((p) => matches(p, action));
  });
}

/** The actions of `wanted` that `entries` do not grant, in the order given. */
export function missing(
  entries: readonly PermissionEntry[],
  wanted: readonly string[],
  kind: 'action' | 'dataAction' = 'action',
): string[] {
  return wanted.filter((action) => !holds(entries, action, kind));
}
