import { ArmRequestError, json } from '../http';
import type { RouteTable } from '../routes';
import type { Authorizer, EffectivePermissions } from './authorizer';

const API_VERSIONS = ['2022-04-01', '2018-07-01', '2018-01-01-preview', '2015-07-01'];

/** What the permissions API lists for anyone when the simulator authorizes nothing. */
const EVERYTHING: EffectivePermissions = {
  actions: ['*'],
  notActions: [],
  dataActions: ['*'],
  notDataActions: [],
};

/**
 * ARM's "list permissions" API, `GET {scope}/providers/Microsoft.Authorization/permissions`:
 * what the caller holds at a resource, resource group or subscription, one entry per role that
 * applies there (`{ value: [{ actions, notActions, dataActions, notDataActions }] }`). ward
 * reads it before a write whose linked scopes it must hold. Without RBAC every caller holds
 * everything, which is what the simulator enforces then.
 */
export function registerPermissionsRoute(
  routes: RouteTable,
  authorizer: () => Authorizer | undefined,
): void {
  routes.register({
    name: 'rbac-permissions',
    method: 'GET',
    pattern: /^(\/subscriptions\/.+)\/providers\/Microsoft\.Authorization\/permissions\/?$/i,
    plane: 'arm',
    kind: 'read',
    handle: (req, match) => {
      const version = req.url.searchParams.get('api-version');
      if (version === null) {
        throw new ArmRequestError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
      if (!API_VERSIONS.includes(version)) {
        throw new ArmRequestError(
          400,
          'NoRegisteredProviderFound',
          `No registered resource provider found for location 'global' and API version '${version}' for type 'permissions'. The supported api-versions are '${API_VERSIONS.join(', ')}'.`,
        );
      }
      const rbac = authorizer();
      const scope = match[1] ?? '';
      const principal = req.principal?.id ?? '';
      return json(200, { value: rbac ? rbac.permissionsAt(principal, scope) : [EVERYTHING] });
    },
  });
}
