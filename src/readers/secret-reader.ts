import {
  SECRET_RESOURCE_TYPE,
  type KeyVaultSecret,
  type SecretAttributes,
  type Snapshot,
} from '../domain';
import { AzureError } from '../azure/errors';
import { parseResourceId } from '../azure/resource-id';
import { armGet } from './arm-get';
import { ARM_SECRETS_API_VERSION, parseArmSecret, type ArmSecret } from './arm-secrets';
import type { ReadResult, ReaderDeps } from './types';

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

function toSecret(body: ArmSecret, versionId: string): KeyVaultSecret {
  const attributes: SecretAttributes = {};
  const source = body.properties.attributes ?? {};
  for (const key of ['enabled', 'nbf', 'exp', 'created', 'updated'] as const) {
    const value = source[key];
    if (value !== undefined && value !== null) (attributes as Record<string, unknown>)[key] = value;
  }
  const { contentType } = body.properties;
  return {
    id: versionId,
    attributes,
    ...(body.tags ? { tags: body.tags } : {}),
    ...(contentType !== undefined && contentType !== null ? { contentType } : {}),
  };
}

/** The version a secret URI ends with (`.../secrets/{name}/{version}`), if any. */
function versionOf(secretUri: string | null | undefined): string | undefined {
  if (!secretUri) return undefined;
  try {
    return parseSecretId(secretUri).version;
  } catch {
    return undefined;
  }
}

/** The ARM id of a secret's vault; a vault ward cannot place in ARM is not read at all. */
export async function vaultIdOf(vaultUrl: string, deps: ReaderDeps): Promise<string> {
  const vaultId = await deps.vaults?.resolve(vaultUrl);
  if (vaultId === undefined) {
    throw new AzureError(
      'vault-not-found',
      `no watched subscription holds a vault at ${vaultUrl}: ward reads secrets through ARM and sends no token to a host it does not know from ARM`,
      { retryable: false },
    );
  }
  return vaultId;
}

/**
 * A secret's snapshot from ARM's body (a GET, or one item of the vault's list: both are the same
 * body at the same api-version), keyed by the versionless data-plane id `baseId`.
 */
export function secretSnapshot(body: ArmSecret, baseId: string, readAt: string): Snapshot {
  const version = versionOf(body.properties.secretUriWithVersion);
  return {
    resourceId: baseId,
    resourceType: SECRET_RESOURCE_TYPE,
    subject: {
      kind: 'secret',
      secret: toSecret(body, version ? `${baseId}/${version}` : baseId),
    },
    related: {},
    apiVersion: ARM_SECRETS_API_VERSION,
    readAt,
  };
}

/**
 * Reads a secret's metadata through the ARM control plane (`Microsoft.KeyVault/vaults/secrets`
 * GET, permission `Microsoft.KeyVault/vaults/secrets/read`), never its value: ARM answers
 * whatever the vault's firewall says, so locked-down vaults are judged too. ARM's secret is
 * the current version (its `secretUriWithVersion`), the one that expires, whichever version
 * the event named; the snapshot's resourceId is the versionless data-plane id so findings stay
 * the same across rotations. ARM does not say whether a certificate manages the secret
 * (`managed`): that attribute is absent from these snapshots.
 */
export async function readSecret(secretId: string, deps: ReaderDeps): Promise<ReadResult> {
  const { vaultUrl, name } = parseSecretId(secretId);
  const baseId = `${vaultUrl}/secrets/${name}`;
  const vaultId = await vaultIdOf(vaultUrl, deps);
  const armId = `${vaultId}/secrets/${name}`;
  const client = await deps.clients.resources(parseResourceId(vaultId).subscriptionId);
  const result = await armGet(client, armId, ARM_SECRETS_API_VERSION);
  if (!result.found) return { kind: 'gone', resourceId: baseId };
  const body = parseArmSecret(result.body, armId);
  return {
    kind: 'snapshot',
    snapshot: secretSnapshot(body, baseId, (deps.now?.() ?? new Date()).toISOString()),
    warnings: [],
  };
}
