import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import { requireApiVersion } from './api-versions';
import { action, remove } from './delete-and-actions';
import type { ArmEnv } from './env';
import { listCollection } from './list-handlers';
import { readBody } from './read-body';
import { notFound, requireScope } from './request-checks';
import { parseResourcePath } from './resource-path';
import { resourceTypeSpec } from './resource-types';
import { write } from './write';

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
  const spec = resourceTypeSpec(path.type);
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
