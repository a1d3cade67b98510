import { z } from 'zod';
import { principalFromAuthorization } from '../principal';
import type { SimResponse } from '../http';
import type { SecretVersion } from './secrets';

/**
 * Data-plane api-versions served: the published stable ones. @azure/keyvault-secrets 4.11
 * sends 2025-07-01 (its `serviceVersion` option allows 7.0 to 7.6).
 */
export const KEY_VAULT_API_VERSIONS = [
  '7.0',
  '7.1',
  '7.2',
  '7.3',
  '7.4',
  '7.5',
  '7.6',
  '2025-07-01',
] as const;

export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';
/** Audiences Key Vault accepts in a token: its resource URI and its application id. */
const AUDIENCES = new Set([
  KEY_VAULT_RESOURCE,
  `${KEY_VAULT_RESOURCE}/`,
  'cfa8b339-82a2-471a-a3c9-0fc0be7a4093',
]);

export function keyVaultError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  const body = { error: { code, message } };
  return headers ? { status, body, headers } : { status, body };
}

/** The challenge Key Vault answers an unauthenticated request with. */
export function challengeHeader(tenantId: string): string {
  return `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="${KEY_VAULT_RESOURCE}"`;
}

/**
 * Checks the bearer token as Key Vault does, without verifying signatures: a JWT whose audience
 * is Key Vault. Returns the 401 to answer with, or `undefined` when the caller may proceed.
 */
export function authenticate(
  authorization: string | undefined,
  tenantId: string,
): SimResponse | undefined {
  const headers = { 'WWW-Authenticate': challengeHeader(tenantId) };
  const principal = principalFromAuthorization(authorization);
  if (!principal) {
    return keyVaultError(
      401,
      'Unauthorized',
      'AKV10000: Request is missing a Bearer or PoP token.',
      headers,
    );
  }
  const aud = principal.claims.aud;
  if (typeof aud !== 'string' || !AUDIENCES.has(aud)) {
    return keyVaultError(
      401,
      'Unauthorized',
      `AKV10022: Invalid audience. Expected ${KEY_VAULT_RESOURCE}, found: ${typeof aud === 'string' ? aud : '(none)'}.`,
      headers,
    );
  }
  return undefined;
}

/** Returns the 400 for a missing or unknown api-version, else `undefined`. */
export function checkApiVersion(version: string | null): SimResponse | undefined {
  if (!version) {
    return keyVaultError(400, 'BadParameter', 'Missing required query parameter api-version.');
  }
  if (!(KEY_VAULT_API_VERSIONS as readonly string[]).includes(version)) {
    return keyVaultError(
      400,
      'BadParameter',
      `The specified version (${version}) is not recognized. Consider using the latest supported version (2025-07-01).`,
    );
  }
  return undefined;
}

export interface WireAttributes {
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
  recoveryLevel: string;
  recoverableDays: number;
}

function attributes(
  version: SecretVersion,
  recoveryLevel: string,
): WireAttributes | Record<string, unknown> {
  if (version.recorded) return { ...version.recorded.attributes };
  const out: WireAttributes = {
    enabled: version.enabled,
    created: version.created,
    updated: version.updated,
    recoveryLevel,
    recoverableDays: 90,
  };
  if (version.nbf !== undefined) out.nbf = version.nbf;
  if (version.exp !== undefined) out.exp = version.exp;
  return out;
}

export interface SecretIdentity {
  vaultUrl: string;
  name: string;
  recoveryLevel: string;
}

function withOptional(
  body: Record<string, unknown>,
  version: SecretVersion,
): Record<string, unknown> {
  const recorded = version.recorded;
  if (recorded) {
    if (recorded.contentType !== undefined) body.contentType = recorded.contentType;
    if (recorded.tags !== undefined) body.tags = recorded.tags;
    return body;
  }
  if (version.contentType !== undefined) body.contentType = version.contentType;
  if (version.tags !== undefined) body.tags = version.tags;
  return body;
}

/** A SecretBundle (GET, PUT and PATCH answers); PATCH answers carry no value. */
export function secretBundle(
  identity: SecretIdentity,
  version: SecretVersion,
  includeValue: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (includeValue) body.value = version.value;
  body.id = `${identity.vaultUrl}/secrets/${identity.name}/${version.version}`;
  body.attributes = attributes(version, identity.recoveryLevel);
  return withOptional(body, version);
}

/** A SecretItem: in the secrets list the id has no version, in the versions list it has. */
export function secretItem(
  identity: SecretIdentity,
  version: SecretVersion,
  withVersion: boolean,
): Record<string, unknown> {
  const base = `${identity.vaultUrl}/secrets/${identity.name}`;
  const body: Record<string, unknown> = {
    id: withVersion ? `${base}/${version.version}` : base,
    attributes: attributes(version, identity.recoveryLevel),
  };
  return withOptional(body, version);
}

const attributesSchema = z.strictObject({
  enabled: z.boolean().optional(),
  nbf: z.int().nullable().optional(),
  exp: z.int().nullable().optional(),
});
const tagsSchema = z.record(z.string(), z.string());

export const secretUpdateSchema = z.strictObject({
  contentType: z.string().optional(),
  attributes: attributesSchema.optional(),
  tags: tagsSchema.optional(),
});

export const secretSetSchema = z.strictObject({
  value: z.string(),
  contentType: z.string().optional(),
  attributes: attributesSchema.optional(),
  tags: tagsSchema.optional(),
});

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
