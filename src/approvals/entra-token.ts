import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { ApproverIdentity } from './types';

/** The id token App Service authentication forwards (token store on) with each request. */
export const ID_TOKEN_HEADER = 'x-ms-token-aad-id-token';
export const AUTHORIZATION_HEADER = 'authorization';

/** Entra ID signs with RS256; anything else (including `none`) is refused. */
const ALGORITHMS = ['RS256'];
/** Default leeway for `exp` and `nbf` between Entra's clock and ours. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 120;
/** How long fetched signing keys are used before they are fetched again (jose also refetches on an unknown `kid`). */
const JWKS_CACHE_MS = 60 * 60 * 1000;
/** At most one refetch of the keys in this window, however many unknown `kid`s arrive. */
const JWKS_COOLDOWN_MS = 30 * 1000;
const JWKS_TIMEOUT_MS = 5 * 1000;

/** Where the tenant publishes its signing keys; the same keys sign v1 and v2 tokens. */
export function tenantJwksUrl(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`;
}

/** The issuers a tenant's tokens carry: v2.0 and v1 endpoints. */
export function tenantIssuers(tenantId: string): string[] {
  return [
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
    `https://sts.windows.net/${tenantId}/`,
  ];
}

/** What the approval page accepts as a sign-in, from app settings (src/config). */
export interface EntraSignInSettings {
  /** The directory (tenant) id whose people may decide. */
  tenantId: string;
  /** Audiences the token may be for: ward's app registration client id and `api://{clientId}`. */
  audiences: readonly string[];
  /** The signing keys; the tenant's discovery endpoint unless set (tests and the demo). */
  jwksUrl?: string;
  clockSkewSeconds?: number;
}

export type TokenCheck =
  | { kind: 'absent' }
  /** A token was sent and is not acceptable: 401. */
  | { kind: 'invalid'; problem: string }
  /** The signing keys could not be fetched: nothing can be verified now (503). */
  | { kind: 'unavailable'; problem: string }
  | { kind: 'ok'; identity: ApproverIdentity };

/** Reads the token from request headers (any case) and verifies it. */
export type ApproverTokenVerifier = (
  headers: Readonly<Record<string, string | undefined>>,
) => Promise<TokenCheck>;

const claimsSchema = z.object({
  oid: z.guid('the token carries no object id (oid)'),
  tid: z.guid('the token carries no tenant id (tid)'),
  name: z.string().min(1).optional(),
  preferred_username: z.string().min(1).optional(),
  upn: z.string().min(1).optional(),
  roles: z.array(z.string()).optional(),
});

function header(headers: Readonly<Record<string, string | undefined>>, name: string) {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value.trim() !== '') {
      return value.trim();
    }
  }
  return undefined;
}

/**
 * The token a request carries: the id token built-in authentication forwards, else a bearer
 * token. When both are present the id token is judged: a bad one is refused, never skipped.
 */
export function tokenFromHeaders(
  headers: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const idToken = header(headers, ID_TOKEN_HEADER);
  if (idToken !== undefined) return idToken;
  const authorization = header(headers, AUTHORIZATION_HEADER);
  const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  return bearer;
}

function describe(error: unknown): TokenCheck {
  if (error instanceof errors.JWTExpired) return { kind: 'invalid', problem: 'the token expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    const problem =
      error.claim === 'iss'
        ? 'the token was issued by another tenant or authority'
        : error.claim === 'aud'
          ? 'the token is for another application (audience)'
          : error.claim === 'nbf'
            ? 'the token is not valid yet'
            : `the token's ${error.claim} claim is not acceptable (${error.reason})`;
    return { kind: 'invalid', problem };
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return { kind: 'invalid', problem: 'the token is signed by a key the tenant does not publish' };
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return { kind: 'invalid', problem: 'the token signature does not verify' };
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return { kind: 'invalid', problem: 'the token is not signed with RS256' };
  }
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof TypeError ||
    (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')
  ) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unavailable', problem: `the tenant's signing keys: ${message}` };
  }
  if (error instanceof errors.JOSEError) {
    return { kind: 'invalid', problem: `the token is malformed (${error.code})` };
  }
  throw error;
}

/**
 * Verifies the Entra ID token behind a sign-in: signature against the tenant's published keys
 * (fetched once and cached), issuer (the tenant's v2.0 or v1 endpoint), audience (ward's app
 * registration), expiry with a small clock skew, and the claims ward records. The identity it
 * answers comes from the verified token only; `x-ms-client-principal` is never trusted alone.
 */
export function createEntraTokenVerifier(
  settings: EntraSignInSettings,
  options: { keys?: JWTVerifyGetKey } = {},
): ApproverTokenVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(settings.jwksUrl ?? tenantJwksUrl(settings.tenantId)), {
      cacheMaxAge: JWKS_CACHE_MS,
      cooldownDuration: JWKS_COOLDOWN_MS,
      timeoutDuration: JWKS_TIMEOUT_MS,
    });
  const issuer = tenantIssuers(settings.tenantId);
  const audience = [...settings.audiences];
  const clockTolerance = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;

  return async (headers) => {
    const token = tokenFromHeaders(headers);
    if (token === undefined) return { kind: 'absent' };
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer,
        audience,
        clockTolerance,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return describe(error);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      return {
        kind: 'invalid',
        problem: claims.error.issues.map((issue) => issue.message).join('; '),
      };
    }
    const { oid, tid, name, preferred_username: username, upn, roles } = claims.data;
    if (tid.toLowerCase() !== settings.tenantId.toLowerCase()) {
      return { kind: 'invalid', problem: 'the token names another tenant (tid)' };
    }
    return {
      kind: 'ok',
      identity: {
        id: oid,
        name: name ?? username ?? upn ?? oid,
        roles: [...new Set(roles ?? [])],
        authType: 'aad',
      },
    };
  };
}
