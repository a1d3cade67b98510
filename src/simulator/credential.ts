import { randomUUID } from 'node:crypto';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

export interface SimulatorCredentialOptions {
  /** Object id of the principal (`oid`). Defaults to a fresh GUID per credential. */
  oid?: string;
  /** Application id (`appid`), as a managed identity or service principal token carries. */
  appid?: string;
  /** Tenant id (`tid`). */
  tid?: string;
  /** Display name (`name`). */
  name?: string;
  /** Token lifetime; defaults to one hour. */
  lifetimeSeconds?: number;
  /** Source of time, so tokens follow a simulated clock when one is used. */
  now?: () => number;
}

function segment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * A TokenCredential for the simulator: mints unsigned JWTs (`alg: none`) that carry the
 * configured identity claims. The simulator reads `oid`/`appid` from them to tell principals
 * apart; it never verifies signatures, and nothing else accepts these tokens.
 */
export class SimulatorCredential implements TokenCredential {
  readonly oid: string;
  readonly appid: string | undefined;
  readonly tid: string | undefined;
  readonly name: string | undefined;
  private readonly lifetimeSeconds: number;
  private readonly now: () => number;

  constructor(options: SimulatorCredentialOptions = {}) {
    this.oid = options.oid ?? randomUUID();
    this.appid = options.appid;
    this.tid = options.tid;
    this.name = options.name;
    this.lifetimeSeconds = options.lifetimeSeconds ?? 3600;
    this.now = options.now ?? Date.now;
  }

  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.lifetimeSeconds;
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    const aud = scope ? scope.replace(/\/\.default$/, '') : 'https://management.azure.com';
    const claims: Record<string, unknown> = {
      aud,
      iss: `https://sts.windows.net/${options?.tenantId ?? this.tid ?? 'simulator'}/`,
      iat,
      nbf: iat,
      exp,
      oid: this.oid,
      sub: this.oid,
      ver: '1.0',
    };
    if (this.appid) claims.appid = this.appid;
    if (this.tid) claims.tid = this.tid;
    if (this.name) claims.name = this.name;
    const token = `${segment({ alg: 'none', typ: 'JWT' })}.${segment(claims)}.`;
    return Promise.resolve({ token, expiresOnTimestamp: exp * 1000 });
  }
}
