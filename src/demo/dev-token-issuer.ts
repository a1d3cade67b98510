import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { EntraSignInSettings } from '../approvals/entra-token';
import { tenantIssuers } from '../approvals/entra-token';
import { deterministicUuid } from '../simulator/seed/ids';

/** The demo's directory and app registration (made-up GUIDs, stable between runs). */
export const DEV_TENANT_ID = deterministicUuid('ward-demo', 'tenant');
export const DEV_CLIENT_ID = deterministicUuid('ward-demo', 'app-registration');
/** Where the development sign-in serves its signing keys, as Entra ID serves a tenant's. */
export const DEV_JWKS_PATH = '/.auth/keys';

/** Someone the token is about. */
export interface TokenSubject {
  id: string;
  name: string;
  roles: readonly string[];
}

/** What a token may say differently from a good one (tests forge tokens with these). */
export interface TokenOverrides {
  tenantId?: string;
  audience?: string;
  issuer?: string;
  /** Seconds until expiry from `issuedAt`; one hour by default. */
  lifetimeSeconds?: number;
  issuedAt?: Date;
}

export interface DevTokenIssuer {
  readonly tenantId: string;
  readonly clientId: string;
  /** The public signing key set, as `/discovery/v2.0/keys` answers it. */
  jwks(): { keys: JWK[] };
  /** An id token as Entra ID issues it after sign-in (v2.0 claims), signed with this issuer's key. */
  idToken(subject: TokenSubject, overrides?: TokenOverrides): Promise<string>;
  /** What ward verifies this issuer's tokens with, given where its keys are served. */
  signInSettings(jwksUrl: string): EntraSignInSettings;
}

/**
 * A local stand-in for the Entra ID token endpoint: an RSA key made at start signs id tokens
 * with the claims Entra ID puts in them (iss, aud, tid, oid, name, preferred_username, roles),
 * and its public half is served as a JWKS. Only the demo and tests use it; ward verifies these
 * tokens with exactly the code that verifies Entra's.
 */
export async function createDevTokenIssuer(
  options: { tenantId?: string; clientId?: string; now?: () => Date } = {},
): Promise<DevTokenIssuer> {
  const tenantId = options.tenantId ?? DEV_TENANT_ID;
  const clientId = options.clientId ?? DEV_CLIENT_ID;
  const now = options.now ?? (() => new Date());
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(12).toString('base64url');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const key: CryptoKey = privateKey;

  return {
    tenantId,
    clientId,
    jwks: () => ({ keys: [publicJwk] }),
    async idToken(subject, overrides = {}) {
      const tid = overrides.tenantId ?? tenantId;
      const issuedAt = Math.floor((overrides.issuedAt ?? now()).getTime() / 1000);
      const lifetime = overrides.lifetimeSeconds ?? 3600;
      const [v2Issuer] = tenantIssuers(tid);
      return new SignJWT({
        tid,
        oid: subject.id,
        name: subject.name,
        preferred_username: `${subject.id.slice(0, 8)}@ward-demo.example`,
        roles: [...subject.roles],
        ver: '2.0',
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuer(overrides.issuer ?? v2Issuer ?? '')
        .setAudience(overrides.audience ?? clientId)
        .setSubject(subject.id)
        .setIssuedAt(issuedAt)
        .setNotBefore(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
        .sign(key);
    },
    signInSettings: (jwksUrl) => ({
      tenantId,
      audiences: [clientId, `api://${clientId}`],
      jwksUrl,
    }),
  };
}
