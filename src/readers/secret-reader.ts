import type { SecretProperties } from '@azure/keyvault-secrets';
import { SECRET_RESOURCE_TYPE, type KeyVaultSecret, type SecretAttributes } from '../domain';
import { AzureError } from '../azure/errors';
import { readError } from './arm-get';
import type { ReadResult, ReaderDeps } from './types';

/** The data-plane version the installed SDK speaks (`@azure/keyvault-secrets` LATEST_API_VERSION). */
export const KEYVAULT_DATA_PLANE_VERSION = '2025-07-01';

export interface SecretIdentifier {
  /** `https://{vault}.vault.azure.net` (or the simulator's vault URL). */
  vaultUrl: string;
  name: string;
  version?: string;
}

/** Splits `https://{vault}/secrets/{name}[/{version}]`; anything else is not a secret id. */
export function parseSecretId(secretId: string): SecretIdentifier {
  let url: URL;
  try {
    url = new URL(secretId);
  } catch {
    throw new AzureError('invalid-resource-id', `"${secretId}" is not a secret identifier URL`, {
      retryable: false,
    });
  }
  const parts = url.pathname.split('/').filter(Boolean);
  const at = parts.map((p) => p.toLowerCase()).lastIndexOf('secrets');
  const name = at >= 0 ? parts[at + 1] : undefined;
  const rest = at >= 0 ? parts.slice(at + 2) : [];
  if (url.protocol !== 'https:' || !name || rest.length > 1) {
    throw new AzureError(
      'invalid-resource-id',
      `"${secretId}" is not a secret identifier (https://{vault}/secrets/{name}[/{version}])`,
      { retryable: false },
    );
  }
  const prefix = parts.slice(0, at).join('/');
  const version = rest[0];
  return {
    vaultUrl: `${url.origin}${prefix ? `/${prefix}` : ''}`,
    name,
    ...(version ? { version } : {}),
  };
}

export function isSecretId(resourceId: string): boolean {
  return /^https:\/\//i.test(resourceId);
}

const seconds = (date: Date | undefined): number | undefined =>
  date ? Math.floor(date.getTime() / 1000) : undefined;

function toSecret(properties: SecretProperties, id: string): KeyVaultSecret {
  const attributes: SecretAttributes = {};
  const set = <K extends keyof SecretAttributes>(
    key: K,
    value: SecretAttributes[K] | undefined,
  ): void => {
    if (value !== undefined) attributes[key] = value;
  };
  set('enabled', properties.enabled);
  set('nbf', seconds(properties.notBefore));
  set('exp', seconds(properties.expiresOn));
  set('created', seconds(properties.createdOn));
  set('updated', seconds(properties.updatedOn));
  set('recoveryLevel', properties.recoveryLevel);
  set('recoverableDays', properties.recoverableDays);
  return {
    id,
    attributes,
    ...(properties.tags ? { tags: properties.tags } : {}),
    ...(properties.contentType !== undefined ? { contentType: properties.contentType } : {}),
    ...(properties.managed !== undefined ? { managed: properties.managed } : {}),
    ...(properties.certificateKeyId ? { kid: properties.certificateKeyId } : {}),
  };
}

function isNotFound(error: unknown): boolean {
  return (
    error !== null &&
    typeof error === 'object' &&
    (error as { statusCode?: unknown }).statusCode === 404
  );
}

/**
 * Reads a secret's metadata, never its value: the versions listing carries every attribute the
 * rules judge. The snapshot is the secret's current version (the newest created), whichever
 * version the event named, because that is the one that expires; its resourceId is the
 * versionless secret id so findings stay the same across rotations.
 */
export async function readSecret(secretId: string, deps: ReaderDeps): Promise<ReadResult> {
  const { vaultUrl, name } = parseSecretId(secretId);
  const baseId = `${vaultUrl}/secrets/${name}`;
  const client = await deps.clients.secrets(vaultUrl);
  let current: SecretProperties | undefined;
  try {
    for await (const version of client.listPropertiesOfSecretVersions(name)) {
      const created = version.createdOn?.getTime() ?? 0;
      if (!current || created >= (current.createdOn?.getTime() ?? 0)) current = version;
    }
  } catch (error) {
    if (isNotFound(error)) return { kind: 'gone', resourceId: baseId };
    throw readError(baseId, error);
  }
  if (!current) return { kind: 'gone', resourceId: baseId };
  const versionId = current.version ? `${baseId}/${current.version}` : baseId;
  return {
    kind: 'snapshot',
    snapshot: {
      resourceId: baseId,
      resourceType: SECRET_RESOURCE_TYPE,
      subject: { kind: 'secret', secret: toSecret(current, versionId) },
      related: {},
      apiVersion: KEYVAULT_DATA_PLANE_VERSION,
      readAt: (deps.now?.() ?? new Date()).toISOString(),
    },
    warnings: [],
  };
}
