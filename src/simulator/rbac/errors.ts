import type { SimResponse } from '../http';
import type { SimPrincipal } from '../principal';

/** ARM names the caller by its application (client) id, else its object id. */
function clientOf(principal: SimPrincipal): string {
  return principal.upn ?? principal.appid ?? principal.oid ?? principal.id;
}

function objectOf(principal: SimPrincipal): string {
  return principal.oid ?? principal.id;
}

/** ARM's 403 when no role assignment grants the action at the scope. */
export function authorizationFailed(
  principal: SimPrincipal,
  action: string,
  scope: string,
): SimResponse {
  return {
    status: 403,
    body: {
      error: {
        code: 'AuthorizationFailed',
        message: `The client '${clientOf(principal)}' with object id '${objectOf(principal)}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    },
  };
}

/** ARM's 403 when the caller may write but lacks a permission on a resource the write references. */
export function linkedAuthorizationFailed(
  principal: SimPrincipal,
  action: string,
  scope: string,
  linkedAction: string,
  linkedScope: string,
): SimResponse {
  return {
    status: 403,
    body: {
      error: {
        code: 'LinkedAuthorizationFailed',
        message: `The client '${clientOf(principal)}' with object id '${objectOf(principal)}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action '${linkedAction}' on the linked scope(s) '${linkedScope}' or the linked scope(s) are invalid.`,
      },
    },
  };
}

function caller(principal: SimPrincipal, tenantId: string): string {
  const parts = [
    ...(principal.appid ? [`appid=${principal.appid}`] : []),
    `oid=${objectOf(principal)}`,
    `iss=https://sts.windows.net/${principal.tid ?? tenantId}/`,
  ];
  return parts.join(';');
}

/** Key Vault's data-plane 403 on a vault that uses Azure RBAC. */
export function keyVaultForbiddenByRbac(input: {
  principal: SimPrincipal;
  tenantId: string;
  action: string;
  resource: string;
  vaultName: string;
  location: string;
}): SimResponse {
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: ${caller(input.principal, input.tenantId)}`,
    `Action: '${input.action}'`,
    `Resource: '${input.resource.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    "DecisionReason: 'DeniedWithNoValidRBAC' ",
    `Vault: ${input.vaultName};location=${input.location}`,
    '',
  ].join('\r\n');
  return {
    status: 403,
    body: { error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByRbac' } } },
  };
}

/** Key Vault's data-plane 403 on a vault that uses access policies. */
export function keyVaultAccessDenied(input: {
  principal: SimPrincipal;
  tenantId: string;
  permission: string;
  vaultName: string;
  location: string;
}): SimResponse {
  return {
    status: 403,
    body: {
      error: {
        code: 'Forbidden',
        message: `The user, group or application '${caller(input.principal, input.tenantId)}' does not have secrets ${input.permission} permission on key vault '${input.vaultName};location=${input.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
        innererror: { code: 'AccessDenied' },
      },
    },
  };
}
