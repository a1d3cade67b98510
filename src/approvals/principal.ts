import { z } from 'zod';
import type { ApproverIdentity } from './types';

/** The app role an Entra ID app registration grants to people who may decide approvals. */
export const APPROVER_ROLE = 'Ward.Approver';
export const PRINCIPAL_HEADER = 'x-ms-client-principal';

const OBJECT_ID_CLAIMS = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const NAME_FALLBACK_CLAIMS = [
  'name',
  'preferred_username',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
];

const clientPrincipalSchema = z.object({
  auth_typ: z.string().min(1),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
});

export type PrincipalResult =
  | { kind: 'absent' }
  | { kind: 'invalid'; problem: string }
  | { kind: 'ok'; identity: ApproverIdentity };

/**
 * Reads the principal App Service authentication forwards in `x-ms-client-principal` (base64
 * JSON). App Service strips this header from client requests only when authentication is
 * enforced, so it is never trusted alone: the approval page takes who is deciding from the
 * signed Entra ID token (entra-token.ts) and refuses a header that names someone else.
 */
export function parseClientPrincipal(header: string | undefined | null): PrincipalResult {
  if (header === undefined || header === null || header.trim() === '') return { kind: 'absent' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    return { kind: 'invalid', problem: `${PRINCIPAL_HEADER} is not base64-encoded JSON` };
  }
  const parsed = clientPrincipalSchema.safeParse(json);
  if (!parsed.success) {
    return {
      kind: 'invalid',
      problem: `${PRINCIPAL_HEADER} is malformed: ${parsed.error.message}`,
    };
  }
  const { claims, name_typ: nameType, role_typ: roleType, auth_typ: authType } = parsed.data;
  const claim = (types: readonly string[]): string | undefined =>
    claims.find((c) => types.includes(c.typ) && c.val !== '')?.val;
  const id = claim(OBJECT_ID_CLAIMS);
  if (!id) return { kind: 'invalid', problem: `${PRINCIPAL_HEADER} carries no object id claim` };
  const roleTypes = [
    roleType,
    'roles',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  ].filter((t): t is string => Boolean(t));
  const roles = [...new Set(claims.filter((c) => roleTypes.includes(c.typ)).map((c) => c.val))];
  const name = claim([...(nameType ? [nameType] : []), ...NAME_FALLBACK_CLAIMS]) ?? id;
  return { kind: 'ok', identity: { id, name, roles, authType } };
}

export function isApprover(identity: ApproverIdentity): boolean {
  return identity.roles.includes(APPROVER_ROLE);
}

/** Builds the header value App Service would send; the demo's development sign-in uses it. */
export function encodeClientPrincipal(input: {
  id: string;
  name: string;
  roles: string[];
  authType?: string;
}): string {
  const roleType = 'roles';
  const body = {
    auth_typ: input.authType ?? 'aad',
    name_typ: 'name',
    role_typ: roleType,
    claims: [
      { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: input.id },
      { typ: 'name', val: input.name },
      ...input.roles.map((role) => ({ typ: roleType, val: role })),
    ],
  };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64');
}
