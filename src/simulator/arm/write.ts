import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import type { ArmBody } from '../state';
import { isRecord, writeBodySchema } from './behaviour';
import type { WriteBody, WriteContext } from './behaviour';
import type { ArmEnv } from './env';
import { emit, locationOf, setProvisioningState, startLro } from './operation-effects';
import { assertNotBusy, checkPreconditions, notFound } from './request-checks';
import { readBody } from './read-body';
import type { ResourcePath } from './resource-path';
import type { ResourceTypeSpec } from './resource-types';

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isRecord(value) && isRecord(current)) deepMerge(current, value);
    else if (value === null) Reflect.deleteProperty(target, key);
    else target[key] = structuredClone(value);
  }
}

function newEtag(env: ArmEnv, spec: ResourceTypeSpec): string | undefined {
  switch (spec.etag) {
    case 'none':
      return undefined;
    case 'network':
      return `W/"${env.random.uuid()}"`;
    case 'cognitive':
      return `W/"datetime'${encodeURIComponent(new Date().toISOString().replace('Z', '0000Z'))}'"`;
  }
}

function buildPutBody(
  path: ResourcePath,
  spec: ResourceTypeSpec,
  request: WriteBody,
  existing: ArmBody | undefined,
): ArmBody {
  const { location, tags, properties, identity, sku, kind, ...rest } = request;
  delete rest.id;
  delete rest.name;
  delete rest.type;
  delete rest.etag;
  delete rest.systemData;
  const body: ArmBody = {
    ...structuredClone(rest),
    id: existing?.id ?? path.id,
    name: path.name ?? '',
    type: spec.type,
  };
  if (location ?? existing?.location) body.location = location ?? existing?.location;
  if (tags) body.tags = { ...tags };
  if (identity) body.identity = structuredClone(identity);
  if (sku) body.sku = structuredClone(sku);
  if (kind) body.kind = kind;
  body.properties = properties ? structuredClone(properties) : {};
  return body;
}

function buildPatchBody(existing: ArmBody, request: WriteBody): ArmBody {
  const body = structuredClone(existing);
  const { tags, properties, identity, sku } = request;
  if (tags) body.tags = { ...tags };
  if (identity !== undefined) {
    if (identity === null) delete body.identity;
    else body.identity = structuredClone(identity);
  }
  if (sku) body.sku = { ...(isRecord(body.sku) ? body.sku : {}), ...sku };
  if (properties) {
    body.properties ??= {};
    deepMerge(body.properties, properties);
  }
  return body;
}

function applyServerManaged(
  body: ArmBody,
  spec: ResourceTypeSpec,
  existing: ArmBody | undefined,
): void {
  body.properties ??= {};
  delete body.properties.provisioningState;
  for (const name of spec.serverManaged) {
    const kept = existing?.properties?.[name];
    if (kept === undefined) Reflect.deleteProperty(body.properties, name);
    else body.properties[name] = structuredClone(kept);
  }
}

/** PUT and PATCH of a resource. */
export function write(
  req: SimRequest,
  env: ArmEnv,
  path: ResourcePath,
  spec: ResourceTypeSpec,
): SimResponse {
  const method = req.method === 'PATCH' ? 'PATCH' : 'PUT';
  const parsed = writeBodySchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    throw new ArmRequestError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const request = parsed.data;
  const existing = env.store.get(path.id);
  checkPreconditions(req, spec, existing);
  if (method === 'PATCH') {
    if (!spec.patch) {
      throw new ArmRequestError(
        405,
        'MethodNotAllowed',
        `PATCH is not supported for ${spec.type}.`,
      );
    }
    if (!existing) throw notFound(path);
  }
  if (existing) assertNotBusy(env, existing);
  if (
    method === 'PUT' &&
    existing &&
    request.location &&
    existing.location &&
    request.location.toLowerCase().replace(/\s/g, '') !==
      existing.location.toLowerCase().replace(/\s/g, '')
  ) {
    throw new ArmRequestError(
      400,
      'InvalidResourceLocation',
      `The resource '${path.name ?? ''}' already exists in location '${existing.location}' in resource group '${path.resourceGroup ?? ''}'. A resource with the same name cannot be created in location '${request.location}'.`,
    );
  }
  if (method === 'PUT' && !existing && spec.tracked && !request.location) {
    throw new ArmRequestError(
      400,
      'LocationRequired',
      'The location property is required for this definition.',
    );
  }
  const ctx: WriteContext = { env, req, path, method, existing, request };
  spec.behaviour.validate?.(ctx);
  const body =
    method === 'PATCH' && existing
      ? buildPatchBody(existing, request)
      : buildPutBody(path, spec, request, existing);
  applyServerManaged(body, spec, existing);
  spec.behaviour.prepare?.(body, ctx);
  const etag = newEtag(env, spec);
  if (etag) body.etag = etag;
  const isAsync = method === 'PUT' ? spec.async.put : spec.async.patch;
  if (spec.provisioningState) {
    setProvisioningState(body, isAsync ? (existing ? 'Updating' : 'Creating') : 'Succeeded');
  }
  env.store.put(body);
  spec.behaviour.afterWrite?.(body, ctx);
  const status = existing ? 200 : spec.createStatus;
  if (!isAsync) {
    emit(env, req, body.id, spec.type, 'write', { existed: existing !== undefined });
    return json(
      status,
      readBody(env, spec, env.store.get(body.id) ?? body),
      etag ? { etag } : undefined,
    );
  }
  const headers = startLro(
    env,
    req,
    path,
    locationOf(env, path, body),
    (succeeded) => {
      const current = env.store.get(body.id);
      if (!current) return;
      setProvisioningState(current, succeeded ? 'Succeeded' : 'Failed');
      env.store.put(current);
      if (succeeded)
        emit(env, req, body.id, spec.type, 'write', { existed: existing !== undefined });
    },
    () => {
      const current = env.store.get(body.id);
      return current ? readBody(env, spec, current) : undefined;
    },
  );
  if (etag) headers.etag = etag;
  if (!existing && spec.createAccepted) return { status: 202, headers };
  return json(status, readBody(env, spec, env.store.get(body.id) ?? body), headers);
}
