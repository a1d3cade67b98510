import type { SimulatorCore } from '../core';
import type { SimRequest, SimResponse } from '../http';
import type { RouteDefinition } from '../routes';
import type { ArmBody } from '../state';
import { parseResourcePath } from '../arm/resource-path';
import { Authorizer, type PermissionCheck } from './authorizer';
import {
  authorizationFailed,
  keyVaultAccessDenied,
  keyVaultForbiddenByRbac,
  linkedAuthorizationFailed,
} from './errors';
import { keyVaultOperationFor } from './keyvault';
import { linkedChecks } from './linked';
import { armOperationFor } from './operations';
import type { RoleDefinition } from './roles';

/** `startSimulator({ rbac })`: `true`, or extra role definitions (e.g. ward's custom role). */
export interface RbacOptions {
  roles?: readonly RoleDefinition[];
}

/** Decides one request; `undefined` lets it through. */
export type RequestAuthorization = (
  req: SimRequest,
  route: RouteDefinition,
) => SimResponse | undefined;

const KEY_VAULT_ROUTE = 'keyvault-data-plane';
const VAULT_TYPE = 'Microsoft.KeyVault/vaults';

function portOf(url: string): string | undefined {
  try {
    return new URL(url).port;
  } catch {
    return undefined;
  }
}

function accessPolicyAllows(vault: ArmBody, objectId: string, permission: string): boolean {
  const policies = vault.properties?.accessPolicies;
  if (!Array.isArray(policies)) return false;
  return policies.some((policy: unknown) => {
    if (policy === null || typeof policy !== 'object') return false;
    const entry = policy as { objectId?: unknown; permissions?: { secrets?: unknown } };
    if (
      typeof entry.objectId !== 'string' ||
      entry.objectId.toLowerCase() !== objectId.toLowerCase()
    ) {
      return false;
    }
    const secrets = entry.permissions?.secrets;
    return (
      Array.isArray(secrets) &&
      secrets.some(
        (p: unknown) =>
          typeof p === 'string' && (p.toLowerCase() === permission || p.toLowerCase() === 'all'),
      )
    );
  });
}

/**
 * Authorizes every ARM request against role assignments (403 `AuthorizationFailed`), then the
 * resources a write references (403 `LinkedAuthorizationFailed`), and every Key Vault
 * data-plane request that carries a token against the vault's permission model: RBAC data
 * actions when `enableRbacAuthorization` is true, else its access policies (403 `Forbidden`).
 * Resource Graph answers only rows the caller may read (`req.allowed`), as Azure filters them.
 */
export function createRbac(
  core: SimulatorCore,
  options: RbacOptions,
): {
  authorizer: Authorizer;
  authorize: RequestAuthorization;
} {
  const authorizer = new Authorizer({
    roles: options.roles ?? [],
    seedRoles: core.seed.roleDefinitions ?? [],
    assignments: core.seed.roleAssignments ?? [],
  });

  function vaultServedAt(host: string | undefined): ArmBody | undefined {
    const port = /:(\d+)$/.exec(host ?? '')?.[1];
    if (!port) return undefined;
    return core.state.list({ type: VAULT_TYPE }).find((vault) => {
      const uri = vault.properties?.vaultUri;
      return typeof uri === 'string' && portOf(uri) === port;
    });
  }

  function authorizeKeyVault(req: SimRequest): SimResponse | undefined {
    const principal = req.principal;
    // Without a token the vault answers its challenge first, as Key Vault does.
    if (!principal) return undefined;
    const operation = keyVaultOperationFor(req);
    const vault = vaultServedAt(req.headers.host);
    if (!operation || !vault) return undefined;
    const location = typeof vault.location === 'string' ? vault.location : 'unknown';
    if (vault.properties?.enableRbacAuthorization === true) {
      const resource = `${vault.id}${operation.subPath}`;
      if (
        authorizer.can(principal.id, { action: operation.dataAction, scope: resource, data: true })
      ) {
        return undefined;
      }
      return keyVaultForbiddenByRbac({
        principal,
        tenantId: core.tenantId,
        action: operation.dataAction,
        resource,
        vaultName: vault.name,
        location,
      });
    }
    if (
      accessPolicyAllows(vault, principal.oid ?? principal.id, operation.accessPolicyPermission)
    ) {
      return undefined;
    }
    return keyVaultAccessDenied({
      principal,
      tenantId: core.tenantId,
      permission: operation.accessPolicyPermission,
      vaultName: vault.name,
      location,
    });
  }

  function authorizeArm(req: SimRequest, route: RouteDefinition): SimResponse | undefined {
    const principal = req.principal;
    if (!principal) return undefined;
    req.allowed = (action, scope) => authorizer.can(principal.id, { action, scope });
    const operation = armOperationFor(route.name, req);
    if (!operation) return undefined;
    if (!authorizer.can(principal.id, operation)) {
      return authorizationFailed(principal, operation.action, operation.scope);
    }
    if (req.method !== 'PUT' && req.method !== 'PATCH') return undefined;
    const type = parseResourcePath(req.url.pathname)?.type;
    if (!type) return undefined;
    const missing: PermissionCheck | undefined = authorizer.firstMissing(
      principal.id,
      linkedChecks(type, req.body),
    );
    return missing
      ? linkedAuthorizationFailed(
          principal,
          operation.action,
          operation.scope,
          missing.action,
          missing.scope,
        )
      : undefined;
  }

  return {
    authorizer,
    authorize: (req, route) =>
      route.name === KEY_VAULT_ROUTE
        ? authorizeKeyVault(req)
        : route.plane === 'arm'
          ? authorizeArm(req, route)
          : undefined,
  };
}
