import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import type { ArmEnv } from './env';
import { emit, locationOf, setProvisioningState, startLro } from './operation-effects';
import { assertNotBusy, checkPreconditions, notFound } from './request-checks';
import type { ResourcePath } from './resource-path';
import type { ResourceTypeSpec } from './resource-types';

/** DELETE of a resource (children and extension resources go with it). */
export function remove(
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

/** POST `{resourceId}/{action}`. */
export function action(
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
