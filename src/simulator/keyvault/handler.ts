import type { SimRequest, SimResponse } from '../http';
import type { SecretVersion, VaultSecrets } from './secrets';
import {
  authenticate,
  checkApiVersion,
  describeZodError,
  keyVaultError,
  secretBundle,
  secretItem,
  secretSetSchema,
  secretUpdateSchema,
  type SecretIdentity,
} from './wire';

/** Everything a vault's data plane needs to answer. */
export interface VaultContext {
  name: string;
  /** `https://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  tenantId: string;
  secrets: VaultSecrets;
  /** `Recoverable` with purge protection, else `Recoverable+Purgeable` (read at each request). */
  recoveryLevel: () => string;
  /** Called after a new version is written (SecretNewVersionCreated). */
  onNewVersion: (name: string, version: SecretVersion) => void;
  /** The vault's network rules for an authenticated request: a response refuses it. */
  admit?: (req: SimRequest) => SimResponse | undefined;
}

/** Key Vault's largest page (`maxresults` may be 1 to 25). */
export const MAX_PAGE_SIZE = 25;

const SECRETS = /^\/secrets\/?$/i;
const VERSIONS = /^\/secrets\/([0-9a-zA-Z-]+)\/versions\/?$/i;
const SECRET = /^\/secrets\/([0-9a-zA-Z-]+)(?:\/([0-9a-zA-Z]*))?\/?$/i;

function notFound(name: string, version?: string): SimResponse {
  const id = version ? `${name}/${version}` : name;
  return keyVaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${id} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );
}

function page<T>(
  req: SimRequest,
  items: T[],
  vaultUrl: string,
  path: string,
): { items: T[]; nextLink: string | null } | SimResponse {
  const rawMax = req.url.searchParams.get('maxresults');
  const max = rawMax === null ? MAX_PAGE_SIZE : Number(rawMax);
  if (!Number.isInteger(max) || max < 1 || max > MAX_PAGE_SIZE) {
    return keyVaultError(
      400,
      'BadParameter',
      `Invalid maxresults: ${rawMax ?? ''}. It must be an integer from 1 to ${MAX_PAGE_SIZE}.`,
    );
  }
  const token = req.url.searchParams.get('$skiptoken');
  const start = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) {
    return keyVaultError(400, 'BadParameter', 'Invalid $skiptoken.');
  }
  const slice = items.slice(start, start + max);
  if (start + slice.length >= items.length) return { items: slice, nextLink: null };
  const next = new URL(path, vaultUrl);
  next.searchParams.set('api-version', req.url.searchParams.get('api-version') ?? '');
  next.searchParams.set(
    '$skiptoken',
    Buffer.from(String(start + slice.length)).toString('base64url'),
  );
  next.searchParams.set('maxresults', String(max));
  return { items: slice, nextLink: next.toString() };
}

function ok(body: unknown): SimResponse {
  return { status: 200, body };
}

/**
 * Answers one data-plane request for a vault: challenge auth, network rules, api-version, then list secrets,
 * list versions, get, update (PATCH) and set (PUT) of secrets.
 */
export function handleVaultRequest(req: SimRequest, vault: VaultContext): SimResponse {
  const unauthorized = authenticate(req.headers.authorization, vault.tenantId);
  if (unauthorized) return unauthorized;
  const refused = vault.admit?.(req);
  if (refused) return refused;
  const badVersion = checkApiVersion(req.url.searchParams.get('api-version'));
  if (badVersion) return badVersion;

  const path = req.url.pathname;
  const identity = (name: string): SecretIdentity => ({
    vaultUrl: vault.url,
    name,
    recoveryLevel: vault.recoveryLevel(),
  });

  if (SECRETS.test(path) && req.method === 'GET') {
    const items = vault.secrets.list().map((s) => secretItem(identity(s.name), s.current, false));
    const result = page(req, items, vault.url, '/secrets');
    if ('status' in result) return result;
    return ok({ value: result.items, nextLink: result.nextLink });
  }

  const versions = VERSIONS.exec(path);
  if (versions && req.method === 'GET') {
    const name = versions[1] ?? '';
    const secret = vault.secrets.find(name);
    if (!secret) return notFound(name);
    const items = secret.versions.map((v) => secretItem(identity(secret.name), v, true));
    const result = page(req, items, vault.url, `/secrets/${secret.name}/versions`);
    if ('status' in result) return result;
    return ok({ value: result.items, nextLink: result.nextLink });
  }

  const single = SECRET.exec(path);
  if (single) {
    const name = single[1] ?? '';
    const version = single[2] ?? '';
    switch (req.method) {
      case 'GET': {
        const found = vault.secrets.get(name, version);
        const secret = vault.secrets.find(name);
        if (!found || !secret) return notFound(name, version);
        if (!found.enabled) {
          return keyVaultError(
            403,
            'Forbidden',
            'Operation get is not allowed on a disabled secret.',
          );
        }
        return ok(secretBundle(identity(secret.name), found, true));
      }
      case 'PATCH': {
        const parsed = secretUpdateSchema.safeParse(req.body ?? {});
        if (!parsed.success) {
          return keyVaultError(
            400,
            'BadParameter',
            `Invalid request body: ${describeZodError(parsed.error)}`,
          );
        }
        const secret = vault.secrets.find(name);
        const updated = vault.secrets.update(name, version, parsed.data);
        if (!updated || !secret) return notFound(name, version);
        return ok(secretBundle(identity(secret.name), updated, false));
      }
      case 'PUT': {
        if (version) {
          return keyVaultError(
            405,
            'MethodNotAllowed',
            'A secret version cannot be written: PUT /secrets/{name}.',
          );
        }
        const parsed = secretSetSchema.safeParse(req.body);
        if (!parsed.success) {
          return keyVaultError(
            400,
            'BadParameter',
            `Invalid request body: ${describeZodError(parsed.error)}`,
          );
        }
        const written = vault.secrets.set(name, parsed.data);
        vault.onNewVersion(written.name, written.version);
        return ok(secretBundle(identity(written.name), written.version, true));
      }
      case 'DELETE':
      case 'HEAD':
      case 'POST':
        break;
    }
  }
  return keyVaultError(
    501,
    'NotImplemented',
    `The simulator's Key Vault does not serve ${req.method} ${path} (it serves secrets: list, versions, get, set, update).`,
  );
}
