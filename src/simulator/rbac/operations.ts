import type { SimRequest } from '../http';
import { parseResourcePath } from '../arm/resource-path';
import { kindFromMethod } from '../routes';

/** The ARM operation a request performs and the scope ARM authorizes it at. */
export interface ArmOperation {
  action: string;
  scope: string;
}

/** Routes ARM does not authorize per request (operation polls carry the caller's own id). */
const UNCHECKED_ROUTES = new Set([
  'arm-operation-status',
  'arm-operation-result',
  'arm-subscriptions',
  'rbac-permissions',
]);

/** ARM's verb for an operation's permission; a POST's comes from its path (`…/{verb}/action`). */
function verbFor(method: SimRequest['method']): 'read' | 'write' | 'delete' | undefined {
  const kind = kindFromMethod(method);
  return kind === 'action' ? undefined : kind;
}

/**
 * Maps a simulator ARM route and request to its operation, as Azure names it in the provider
 * operations list: GET/HEAD → `{type}/read`, PUT/PATCH → `{type}/write`, DELETE →
 * `{type}/delete`, POST `{resource}/{verb}` → `{type}/{verb}/action`. A list is authorized at
 * the scope it lists (the resource group, subscription or parent resource), a single resource at
 * its own id. `undefined`: the route is not authorized (operation polls, the subscriptions list).
 */
export function armOperationFor(routeName: string, req: SimRequest): ArmOperation | undefined {
  if (UNCHECKED_ROUTES.has(routeName)) return undefined;
  const path = req.url.pathname.replace(/\/+$/, '');
  const verb = verbFor(req.method);
  switch (routeName) {
    case 'arm-resource-groups': {
      const sub = /^\/subscriptions\/[^/]+/i.exec(path)?.[0] ?? path;
      return { action: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: sub };
    }
    case 'arm-resource-group':
      return {
        action: `Microsoft.Resources/subscriptions/resourceGroups/${verb ?? 'read'}`,
        scope: path,
      };
    case 'arm-generic-resources': {
      const scope = path.replace(/\/resources$/i, '');
      return {
        action: /\/resourcegroups\//i.test(scope)
          ? 'Microsoft.Resources/subscriptions/resourceGroups/resources/read'
          : 'Microsoft.Resources/subscriptions/resources/read',
        scope,
      };
    }
    default:
      break;
  }
  const parsed = parseResourcePath(path);
  if (!parsed) return undefined;
  if (parsed.isCollection) {
    if (req.method === 'POST') {
      // `{resource id}/{verb}`: the verb parses as the last type segment.
      return { action: `${parsed.type}/action`, scope: path.slice(0, path.lastIndexOf('/')) };
    }
    const scope = parsed.parentId ?? parsed.scope;
    return { action: `${parsed.type}/${verb ?? 'read'}`, scope };
  }
  return { action: `${parsed.type}/${verb ?? 'action'}`, scope: parsed.id };
}
