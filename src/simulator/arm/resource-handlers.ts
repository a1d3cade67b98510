import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import { resourceEvent } from '../events/resource-events';
import type { ResourceEventKind } from '../events/resource-events';
import type { ArmBody } from '../state';
import { requireApiVersion } from './api-versions';
import { isRecord, writeBodySchema } from './behaviour';
import type { WriteBody, WriteContext } from './behaviour';
import { groupKey, lroFaults } from './env';
import type { ArmEnv } from './env';
import { listCollection } from './list-handlers';
import { parseResourcePath } from './resource-path';
import type { ResourcePath } from './resource-path';
import { resourceTypeSpec } from './resource-types';
import type { ResourceTypeSpec } from './resource-types';

/** ARM refuses a change while an operation on the same resource is still running. */
function assertNotBusy(env: ArmEnv, resource: ArmBody): void {
  if (env.lro.busy(resource.id)) {
    throw new ArmRequestError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress (provisioningState ${String(resource.properties?.provisioningState)}).`,
    );
  }
}

function notFound(path: ResourcePath): ArmRequestError {
  const typeTail = path.type;
  return new ArmRequestError(
    404,
    'ResourceNotFound',
    `The Resource '${typeTail}/${path.name ?? ''}' under resource group '${path.resourceGroup ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

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

/** Checks the scope a request names exists: subscription, resource group, parent, extension target. */
function requireScope(env: ArmEnv, path: ResourcePath): void {
  if (!env.subscriptions.has(path.subscriptionId.toLowerCase())) {
    throw new ArmRequestError(
      404,
      'SubscriptionNotFound',
      `The subscription '${path.subscriptionId}' could not be found.`,
    );
  }
  if (
    path.resourceGroup &&
    !env.resourceGroups.has(groupKey(path.subscriptionId, path.resourceGroup))
  ) {
    throw new ArmRequestError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${path.resourceGroup}' could not be found.`,
    );
  }
  if (path.extensionOf && !env.store.has(path.extensionOf)) {
    throw new ArmRequestError(
      404,
      'ResourceNotFound',
      `The Resource '${path.extensionOf}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  if (path.parentId && !env.store.has(path.parentId)) {
    throw new ArmRequestError(
      404,
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${path.parentId.split('/').slice(-1)[0] ?? ''}' not found.`,
    );
  }
}

/** What a GET shows: the stored body with the provider's read-time composition. */
export function readBody(
  env: ArmEnv,
  spec: ResourceTypeSpec | undefined,
  stored: ArmBody,
): ArmBody {
  return spec?.behaviour.compose ? spec.behaviour.compose(stored, env) : stored;
}

function checkPreconditions(
  req: SimRequest,
  spec: ResourceTypeSpec,
  existing: ArmBody | undefined,
): void {
  if (!spec.ifMatch) return;
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifMatch !== undefined) {
    const ok = ifMatch.trim() === '*' ? existing !== undefined : existing?.etag === ifMatch.trim();
    if (!ok) {
      throw new ArmRequestError(
        412,
        'PreconditionFailed',
        `The specified If-Match condition ${ifMatch} does not match the current etag ${existing?.etag ?? '(none: the resource does not exist)'}.`,
      );
    }
  }
  if (ifNoneMatch?.trim() === '*' && existing) {
    throw new ArmRequestError(
      412,
      'PreconditionFailed',
      'The resource already exists (If-None-Match: *).',
    );
  }
}

function operationName(type: string, kind: ResourceEventKind, action?: string): string {
  if (kind === 'delete') return `${type}/delete`;
  if (kind === 'action') return `${type}/${action ?? 'action'}/action`;
  return `${type}/write`;
}

function emit(
  env: ArmEnv,
  req: SimRequest,
  resourceId: string,
  type: string,
  kind: ResourceEventKind,
  options: { existed: boolean; action?: string },
): void {
  const event = resourceEvent({
    kind,
    id: env.random.uuid(),
    resourceId,
    operationName: operationName(type, kind, options.action),
    principal: req.principal,
    tenantId: env.tenantId,
    correlationId: req.correlationId,
    eventTime: env.clock.now(),
    ...(options.existed || kind !== 'write'
      ? {
          httpRequest: {
            clientRequestId: req.headers['x-ms-client-request-id'] ?? req.requestId,
            clientIpAddress: '127.0.0.1',
            method: req.method,
            url: `https://management.azure.com${req.url.pathname}${req.url.search}`,
          },
        }
      : {}),
  });
  env.events.publish([event], req.principal?.id ?? 'anonymous');
}

/** Starts an operation and returns its `Azure-AsyncOperation`, `Location`, `Retry-After` headers. */
function startLro(
  env: ArmEnv,
  req: SimRequest,
  path: ResourcePath,
  location: string,
  complete: (succeeded: boolean) => void,
  result: () => unknown,
): Record<string, string> {
  const id = env.random.uuid();
  const faults = lroFaults(req.faults);
  const loc = location.toLowerCase().replace(/\s+/g, '');
  env.lro.start({
    id,
    resourceId: path.id,
    namespace: path.namespace,
    subscriptionId: path.subscriptionId,
    location: loc,
    polls: env.lroOptions.polls + faults.extraPolls,
    durationMs: env.lroOptions.durationMs,
    fail: faults.fail,
    complete,
    result,
  });
  const apiVersion = req.url.searchParams.get('api-version') ?? '';
  const base = `${env.armUrl()}/subscriptions/${path.subscriptionId}/providers/${path.namespace}/locations/${loc}`;
  return {
    'azure-asyncoperation': `${base}/operationStatuses/${id}?api-version=${apiVersion}`,
    location: `${base}/operationResults/${id}?api-version=${apiVersion}`,
    'retry-after': String(env.lroOptions.retryAfterSeconds),
  };
}

function locationOf(env: ArmEnv, path: ResourcePath, body: ArmBody | undefined): string {
  if (body?.location) return body.location;
  if (path.parentId) {
    const parent = env.store.get(path.parentId);
    if (parent?.location) return parent.location;
  }
  if (path.resourceGroup) {
    return (
      env.resourceGroups.get(groupKey(path.subscriptionId, path.resourceGroup))?.location ??
      'eastus'
    );
  }
  return 'eastus';
}

function setProvisioningState(body: ArmBody, state: string): void {
  body.properties ??= {};
  body.properties.provisioningState = state;
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

function write(
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

function remove(
  req: SimRequest,
  env: ArmEnv,
  path: ResourcePath,
  spec: ResourceTypeSpec,
): SimResponse {
  const existing = env.store.get(path.id);
  checkPreconditions(req, spec, existing);
  if (!existing) return { status: 204 };
  assertNotBusy(env, existing);
  if (spec.type === 'Microsoft.MachineLearningServices/workspaces/computes') {
    const action = req.url.searchParams.get('underlyingResourceAction');
    if (action !== 'Delete' && action !== 'Detach') {
      throw new ArmRequestError(
        400,
        'BadRequest',
        "Query parameter underlyingResourceAction must be 'Delete' or 'Detach'.",
      );
    }
  }
  spec.behaviour.validateDelete?.(existing, env);
  const finish = (): void => {
    env.store.delete(existing.id);
    spec.behaviour.afterDelete?.(existing, env);
    emit(env, req, existing.id, spec.type, 'delete', { existed: true });
  };
  if (!spec.async.delete) {
    finish();
    return { status: 200 };
  }
  const deleting = structuredClone(existing);
  setProvisioningState(deleting, 'Deleting');
  env.store.put(deleting);
  const headers = startLro(
    env,
    req,
    path,
    locationOf(env, path, existing),
    (succeeded) => {
      if (succeeded) finish();
      else {
        const current = env.store.get(existing.id);
        if (current) {
          setProvisioningState(current, 'Failed');
          env.store.put(current);
        }
      }
    },
    () => undefined,
  );
  return { status: 202, headers };
}

function action(
  req: SimRequest,
  env: ArmEnv,
  path: ResourcePath,
  spec: ResourceTypeSpec,
  name: string,
): SimResponse {
  const handler = spec.behaviour.actions?.[name.toLowerCase()];
  const resource = env.store.get(path.id);
  if (!handler) {
    throw new ArmRequestError(
      404,
      'InvalidResourceType',
      `The resource type '${spec.type}' has no action '${name}' in the simulator.`,
    );
  }
  if (!resource) throw notFound(path);
  assertNotBusy(env, resource);
  const outcome = handler.run({ env, req, path, resource, action: name });
  if (!handler.async) {
    emit(env, req, path.id, spec.type, 'action', { existed: true, action: name });
    return outcome.body === undefined ? { status: 200 } : json(200, outcome.body);
  }
  const headers = startLro(
    env,
    req,
    path,
    locationOf(env, path, resource),
    (succeeded) => {
      outcome.complete?.(succeeded);
      if (succeeded) emit(env, req, path.id, spec.type, 'action', { existed: true, action: name });
    },
    () => undefined,
  );
  return { status: 202, headers };
}

/** GET/PUT/PATCH/DELETE on a resource or collection, and POST actions, for every supported type. */
export function handleResourceRequest(req: SimRequest, env: ArmEnv): SimResponse {
  env.lro.settleDue();
  let path = parseResourcePath(req.url.pathname);
  if (!path)
    throw new ArmRequestError(404, 'InvalidResourceType', `No resource at '${req.url.pathname}'.`);
  let actionName: string | undefined;
  if (req.method === 'POST' && path.isCollection && path.parentId) {
    // `{resourceId}/{action}` parses as a child collection; it is an action on the parent.
    actionName = path.type.split('/').pop();
    const parent = parseResourcePath(path.parentId);
    if (!parent) throw notFound(path);
    path = parent;
  }
  let spec = resourceTypeSpec(path.type);
  const stored = spec ? undefined : env.store.get(path.id);
  if (!spec && !(req.method === 'GET' && (stored || path.isCollection))) {
    throw new ArmRequestError(
      400,
      'InvalidResourceType',
      `The resource type '${path.type.split('/').slice(1).join('/')}' could not be found in the namespace '${path.namespace}' for api version '${req.url.searchParams.get('api-version') ?? ''}'.`,
    );
  }
  requireApiVersion(req.url, path.namespace, path.type.split('/').slice(1).join('/'));
  requireScope(env, path);
  if (path.isCollection) {
    if (req.method !== 'GET')
      throw new ArmRequestError(
        405,
        'MethodNotAllowed',
        `${req.method} is not allowed on a collection.`,
      );
    return listCollection(req, env, path, spec);
  }
  if (actionName !== undefined) {
    if (!spec) throw notFound(path);
    return action(req, env, path, spec, actionName);
  }
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      const body = env.store.get(path.id);
      if (!body) throw notFound(path);
      spec ??= undefined;
      return json(200, readBody(env, spec, body), body.etag ? { etag: body.etag } : undefined);
    }
    case 'PUT':
    case 'PATCH':
      if (!spec) throw notFound(path);
      return write(req, env, path, spec);
    case 'DELETE':
      if (!spec) throw notFound(path);
      return remove(req, env, path, spec);
    case 'POST':
      throw new ArmRequestError(405, 'MethodNotAllowed', 'POST needs an action name.');
  }
}
