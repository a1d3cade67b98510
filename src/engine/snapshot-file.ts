import { z } from 'zod';
import { armBodyOptionalMembers } from './arm-body';
import type { ArmResource, KeyVaultSecret, RelatedData, Snapshot } from '../domain';
import { SECRET_RESOURCE_TYPE } from '../domain';

/**
 * Snapshot files (the `ward evaluate` contract): a plain ARM body, a Key Vault secret's
 * data-plane properties, `{ resource, related }`, or an array of those. Every optional member
 * may be absent or null, as Azure sends either; unknown members are kept.
 */
const armResourceSchema = z.looseObject({
  id: z.string().regex(/^\/subscriptions\//i, 'an ARM id starts with /subscriptions/'),
  name: z.string(),
  type: z
    .string()
    .regex(/^[A-Za-z]+\.[A-Za-z.]+\/.+$/, 'an ARM type looks like Namespace.Provider/type'),
  ...armBodyOptionalMembers,
});

const secretSchema = z.looseObject({
  id: z
    .string()
    .regex(
      /^https:\/\/[^/]+\/secrets\/[^/]+(\/[^/]*)?$/i,
      'a secret id is https://{vault}/secrets/{name}[/{version}]',
    ),
  attributes: z.looseObject({
    enabled: z.boolean().nullish(),
    nbf: z.number().nullish(),
    exp: z.number().nullish(),
    created: z.number().nullish(),
    updated: z.number().nullish(),
    recoveryLevel: z.string().nullish(),
    recoverableDays: z.number().nullish(),
  }),
  tags: z.record(z.string(), z.string()).nullish(),
  contentType: z.string().nullish(),
  managed: z.boolean().nullish(),
  kid: z.string().nullish(),
});

const relatedSchema = z.looseObject({
  diagnosticSettings: z.array(z.looseObject({})).optional(),
  serviceDiagnosticSettings: z.record(z.string(), z.array(z.looseObject({}))).optional(),
  privateEndpointConnections: z.array(z.looseObject({})).optional(),
  publicIpAddresses: z.array(armResourceSchema).optional(),
});

const wrappedSchema = z.strictObject({
  resource: z.unknown(),
  related: relatedSchema.default({}),
  etag: z.string().optional(),
  apiVersion: z.string().optional(),
});

export class SnapshotFileError extends Error {
  override readonly name = 'SnapshotFileError';
}

/** The secret identifier without its version: the resource a secret's findings belong to. */
export function secretResourceId(secretId: string): string {
  const match = /^(https:\/\/[^/]+\/secrets\/[^/]+)/i.exec(secretId);
  return match?.[1] ?? secretId;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  return `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`;
}

function parseSubject(
  value: unknown,
  where: string,
): { kind: 'arm'; resource: ArmResource } | { kind: 'secret'; secret: KeyVaultSecret } {
  if (!isObject(value)) {
    throw new SnapshotFileError(`${where || 'entry'}: expected a JSON object`);
  }
  // A data-plane secret has attributes and no ARM type; everything else must be an ARM body.
  if ('attributes' in value && !('type' in value)) {
    const secret = secretSchema.safeParse(value);
    if (!secret.success)
      throw new SnapshotFileError(`not a Key Vault secret: ${describeIssue(secret.error, where)}`);
    return { kind: 'secret', secret: secret.data };
  }
  const resource = armResourceSchema.safeParse(value);
  if (!resource.success) {
    throw new SnapshotFileError(`not an ARM resource: ${describeIssue(resource.error, where)}`);
  }
  return { kind: 'arm', resource: resource.data };
}

function parseEntry(value: unknown, where: string): Snapshot {
  let subjectValue = value;
  let subjectWhere = where;
  let related: RelatedData = {};
  let extra: { etag?: string; apiVersion?: string } = {};
  if (isObject(value) && 'resource' in value) {
    const wrapped = wrappedSchema.safeParse(value);
    if (!wrapped.success) {
      throw new SnapshotFileError(
        `not a {resource, related} snapshot: ${describeIssue(wrapped.error, where)}`,
      );
    }
    subjectValue = wrapped.data.resource;
    subjectWhere = [where, 'resource'].filter(Boolean).join('.');
    related = wrapped.data.related;
    extra = { etag: wrapped.data.etag, apiVersion: wrapped.data.apiVersion };
  }
  const subject = parseSubject(subjectValue, subjectWhere);
  const snapshot: Snapshot =
    subject.kind === 'secret'
      ? {
          resourceId: secretResourceId(subject.secret.id),
          resourceType: SECRET_RESOURCE_TYPE,
          subject,
          related,
        }
      : { resourceId: subject.resource.id, resourceType: subject.resource.type, subject, related };
  const etag = extra.etag ?? (subject.kind === 'arm' ? subject.resource.etag : undefined);
  if (typeof etag === 'string') snapshot.etag = etag;
  if (extra.apiVersion !== undefined) snapshot.apiVersion = extra.apiVersion;
  return snapshot;
}

/** Parses the JSON value of a snapshot file; throws SnapshotFileError naming the problem. */
export function parseSnapshotFile(value: unknown): Snapshot[] {
  if (Array.isArray(value)) return value.map((entry, index) => parseEntry(entry, `[${index}]`));
  return [parseEntry(value, '')];
}
