import { missingOperations, type PermissionEntry } from '../azure/permission-match';
import type { ActionPlan, LinkedScope } from '../actions/types';

/** Where an ops engineer reads how to grant ward a linked scope. */
export const LINKED_SCOPES_DOC = 'see docs/deployment.md, Linked scopes';

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The plan's linked scopes with one entry per scope (case-insensitive) and no repeated action. */
export function mergedLinkedScopes(linked: readonly LinkedScope[]): LinkedScope[] {
  const byScope = new Map<string, LinkedScope>();
  for (const { scope, actions } of linked) {
    const key = scope.toLowerCase();
    const merged = byScope.get(key) ?? { scope, actions: [] };
    for (const action of actions) {
      if (!merged.actions.some((a) => a.toLowerCase() === action.toLowerCase())) {
        merged.actions.push(action);
      }
    }
    byScope.set(key, merged);
  }
  return [...byScope.values()];
}

/**
 * Checks, before anything is written, that ward's identity holds each action the plan's write
 * needs on the resources it references (ARM would refuse the write with 403
 * LinkedAuthorizationFailed, possibly after an earlier step of the same change went through).
 * Returns why the change must not start, naming each missing permission and its scope, or
 * undefined when every linked scope is held. A permissions API that cannot be read refuses too.
 */
export async function linkedScopeRefusal(
  plan: ActionPlan,
  permissionsAt: (scope: string) => Promise<readonly PermissionEntry[]>,
): Promise<string | undefined> {
  const problems: string[] = [];
  for (const { scope, actions } of mergedLinkedScopes(plan.linked ?? [])) {
    let entries: readonly PermissionEntry[];
    try {
      entries = await permissionsAt(scope);
    } catch (cause) {
      problems.push(
        `ward could not read its permissions on ${scope} to check ${actions.join(', ')} (${errorText(cause)}); make the permissions API readable there`,
      );
      continue;
    }
    for (const action of missingOperations(entries, actions)) {
      problems.push(`ward's identity lacks ${action} on ${scope}; assign it there`);
    }
  }
  if (problems.length === 0) return undefined;
  return `Nothing was written: ${problems.join('; ')} (${LINKED_SCOPES_DOC}).`;
}
