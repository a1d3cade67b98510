import { z } from 'zod';

/** The caller, as named by its bearer token. */
export interface SimPrincipal {
  /** `oid`, else `appid`, else a stable name for an opaque token. */
  id: string;
  oid?: string;
  appid?: string;
  tid?: string;
  name?: string;
  upn?: string;
  /** The token's claims (empty for an opaque token). */
  claims: Readonly<Record<string, unknown>>;
}

/** Principal id given to callers whose token is not a JWT. */
export const OPAQUE_PRINCIPAL_ID = 'opaque-token';

const claimsSchema = z.looseObject({
  oid: z.string().optional(),
  appid: z.string().optional(),
  azp: z.string().optional(),
  tid: z.string().optional(),
  name: z.string().optional(),
  upn: z.string().optional(),
});

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Reads the principal from an `Authorization` header. Any bearer token is accepted (the
 * simulator does not verify signatures); a JWT's `oid`, else `appid`, names the caller.
 * Returns `undefined` when there is no bearer token at all.
 */
export function principalFromAuthorization(header: string | undefined): SimPrincipal | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (!token) return undefined;
  const parts = token.split('.');
  const payload = parts.length === 3 && parts[1] ? decodeSegment(parts[1]) : undefined;
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) return { id: OPAQUE_PRINCIPAL_ID, claims: {} };
  const claims = parsed.data;
  const appid = claims.appid ?? claims.azp;
  const id = claims.oid ?? appid ?? OPAQUE_PRINCIPAL_ID;
  const principal: SimPrincipal = { id, claims };
  if (claims.oid) principal.oid = claims.oid;
  if (appid) principal.appid = appid;
  if (claims.tid) principal.tid = claims.tid;
  if (claims.name) principal.name = claims.name;
  if (claims.upn) principal.upn = claims.upn;
  return principal;
}
