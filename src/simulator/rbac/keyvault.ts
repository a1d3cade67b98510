import type { SimRequest } from '../http';

/** A Key Vault data-plane request as RBAC and access policies see it. */
export interface KeyVaultOperation {
  /** The data action Microsoft documents for it. */
  dataAction: string;
  /** The access-policy permission it needs on a vault without RBAC. */
  accessPolicyPermission: 'get' | 'list' | 'set' | 'delete';
  /** Below the vault's id: `/secrets/{name}` for one secret, '' for the vault's lists. */
  subPath: string;
}

const SECRET = 'Microsoft.KeyVault/vaults/secrets';

/**
 * Maps a data-plane secrets request to its data action: listing secrets or versions reads
 * metadata (`readMetadata/action`), a GET reads the value (`getSecret/action`), PUT writes a
 * version (`setSecret/action`), PATCH updates attributes (`update/action`), DELETE deletes.
 */
export function keyVaultOperationFor(req: SimRequest): KeyVaultOperation | undefined {
  const path = req.url.pathname.replace(/\/+$/, '');
  if (/^\/secrets$/i.test(path) && req.method === 'GET') {
    return {
      dataAction: `${SECRET}/readMetadata/action`,
      accessPolicyPermission: 'list',
      subPath: '',
    };
  }
  const versions = /^\/secrets\/([^/]+)\/versions$/i.exec(path);
  if (versions && req.method === 'GET') {
    return {
      dataAction: `${SECRET}/readMetadata/action`,
      accessPolicyPermission: 'list',
      subPath: `/secrets/${versions[1] ?? ''}`,
    };
  }
  const single = /^\/secrets\/([^/]+)(?:\/[^/]*)?$/i.exec(path);
  if (!single) return undefined;
  const subPath = `/secrets/${single[1] ?? ''}`;
  switch (req.method) {
    case 'GET':
    case 'HEAD':
      return { dataAction: `${SECRET}/getSecret/action`, accessPolicyPermission: 'get', subPath };
    case 'PUT':
      return { dataAction: `${SECRET}/setSecret/action`, accessPolicyPermission: 'set', subPath };
    case 'PATCH':
      return { dataAction: `${SECRET}/update/action`, accessPolicyPermission: 'set', subPath };
    case 'DELETE':
      return { dataAction: `${SECRET}/delete`, accessPolicyPermission: 'delete', subPath };
    case 'POST':
      return undefined;
  }
}
