import type { ActionId } from '../domain';
import { ACTION_IDS } from '../domain';
import { exportNameFor } from '../rules/export-name';
import * as catalog from './catalog';
import type { ActionDeps } from './deps';
import type { RemediationAction } from './types';

export type WardAction = RemediationAction<ActionDeps>;

export class ActionRegistryError extends Error {
  override readonly name = 'ActionRegistryError';
  readonly code = 'action-registry';
}

export interface ActionRegistry {
  /** In ACTION_IDS order. */
  readonly actions: readonly WardAction[];
  get(id: ActionId): WardAction;
  has(id: string): id is ActionId;
}

/**
 * Builds the registry from the explicit catalog: each export's name must match its action's id,
 * every id must be in ACTION_IDS, none twice, and every ACTION_IDS entry must be present (a rule
 * naming a remedy nobody implements fails here, at load, not at the first finding).
 */
export function createActionRegistry(
  entries: Readonly<Record<string, WardAction>> = catalog,
): ActionRegistry {
  const byId = new Map<string, WardAction>();
  for (const [exportName, action] of Object.entries(entries)) {
    if (exportNameFor(action.id) !== exportName) {
      throw new ActionRegistryError(
        `Action export ${exportName} carries id ${action.id}; expected export ${exportNameFor(action.id)}.`,
      );
    }
    if (!(ACTION_IDS as readonly string[]).includes(action.id)) {
      throw new ActionRegistryError(`Action id ${action.id} is not in ACTION_IDS.`);
    }
    if (byId.has(action.id)) {
      throw new ActionRegistryError(`Action id ${action.id} is registered twice.`);
    }
    byId.set(action.id, action);
  }
  const missing = ACTION_IDS.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new ActionRegistryError(`No action implements ${missing.join(', ')}.`);
  }
  const actions = ACTION_IDS.map((id) => byId.get(id)).filter(
    (action): action is WardAction => action !== undefined,
  );
  return {
    actions,
    get(id) {
      const action = byId.get(id);
      if (!action) throw new ActionRegistryError(`Unknown action id ${id}.`);
      return action;
    },
    has(id): id is ActionId {
      return byId.has(id);
    },
  };
}
