import { z } from 'zod';
import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import type { RouteTable } from '../routes';
import { requireApiVersion } from './api-versions';
import { groupKey } from './env';
import type { ArmEnv } from './env';
import { listGenericResources, page } from './list-handlers';
import { handleResourceRequest } from './resource-handlers';

const resourceGroupBodySchema = z.looseObject({
  location: z.string().min(1),
  tags: z.record(z.string(), z.string()).optional(),
});

function requireSubscription(env: ArmEnv, id: string): void {
  if (!env.subscriptions.has(id.toLowerCase())) {
    throw new ArmRequestError(
      404,
      'SubscriptionNotFound',
      `The subscription '${id}' could not be found.`,
    );
  }
}

function resourceGroupBody(env: ArmEnv, key: string): Record<string, unknown> | undefined {
  const rg = env.resourceGroups.get(key);
  if (!rg) return undefined;
  return {
    id: rg.id,
    name: rg.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: rg.location,
    ...(rg.tags ? { tags: rg.tags } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

function operation(
  req: SimRequest,
  env: ArmEnv,
  match: RegExpExecArray,
  kind: 'status' | 'result',
): SimResponse {
  env.lro.settleDue();
  const id = match[4] ?? '';
  const op = env.lro.poll(id);
  if (!op) {
    throw new ArmRequestError(404, 'OperationNotFound', `The operation '${id}' was not found.`);
  }
  const retry = { 'retry-after': String(env.lroOptions.retryAfterSeconds) };
  if (kind === 'status') {
    return json(200, env.lro.statusBody(op), op.status === 'InProgress' ? retry : undefined);
  }
  if (op.status === 'InProgress') {
    return {
      status: 202,
      headers: { ...retry, location: req.url.toString().replace(req.url.origin, env.armUrl()) },
    };
  }
  if (op.status === 'Failed') {
    const body = env.lro.statusBody(op);
    return json(400, { error: body.error });
  }
  const result = op.result();
  return result === undefined ? { status: 204 } : json(200, result);
}

/** Registers ARM's built-in routes: operations, subscriptions, resource groups, resources. */
export function registerArmRoutes(routes: RouteTable, env: ArmEnv): void {
  routes.registerBuiltin({
    name: 'arm-operation-status',
    method: 'GET',
    pattern:
      /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/locations\/([^/]+)\/operationStatuses\/([^/]+)$/i,
    plane: 'arm',
    handle: (req, match) => operation(req, env, match, 'status'),
  });
  routes.registerBuiltin({
    name: 'arm-operation-result',
    method: 'GET',
    pattern:
      /^\/subscriptions\/([^/]+)\/providers\/([^/]+)\/locations\/([^/]+)\/operationResults\/([^/]+)$/i,
    plane: 'arm',
    handle: (req, match) => operation(req, env, match, 'result'),
  });
  routes.registerBuiltin({
    name: 'arm-subscriptions',
    method: 'GET',
    pattern: /^\/subscriptions\/?$/i,
    plane: 'arm',
    handle: (req) =>
      page(
        req,
        env,
        [...env.subscriptions].map((id) => ({
          id: `/subscriptions/${id}`,
          subscriptionId: id,
          tenantId: env.tenantId,
          state: 'Enabled',
        })),
      ),
  });
  routes.registerBuiltin({
    name: 'arm-resource-groups',
    method: 'GET',
    pattern: /^\/subscriptions\/([^/]+)\/resourcegroups\/?$/i,
    plane: 'arm',
    handle: (req, match) => {
      const sub = match[1] ?? '';
      requireApiVersion(req.url, 'Microsoft.Resources', 'resourceGroups');
      requireSubscription(env, sub);
      const groups = [...env.resourceGroups.keys()]
        .filter((k) => k.startsWith(`${sub.toLowerCase()}/`))
        .sort()
        .map((k) => resourceGroupBody(env, k));
      return page(req, env, groups);
    },
  });
  routes.registerBuiltin({
    name: 'arm-resource-group',
    method: '*',
    pattern: /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/i,
    plane: 'arm',
    handle: (req, match) => {
      const sub = match[1] ?? '';
      const name = decodeURIComponent(match[2] ?? '');
      requireApiVersion(req.url, 'Microsoft.Resources', 'resourceGroups');
      requireSubscription(env, sub);
      const key = groupKey(sub, name);
      if (req.method === 'GET' || req.method === 'HEAD') {
        const body = resourceGroupBody(env, key);
        if (!body) {
          throw new ArmRequestError(
            404,
            'ResourceGroupNotFound',
            `Resource group '${name}' could not be found.`,
          );
        }
        return json(200, body);
      }
      if (req.method === 'PUT') {
        const parsed = resourceGroupBodySchema.safeParse(req.body);
        if (!parsed.success) {
          throw new ArmRequestError(
            400,
            'LocationRequired',
            'The location property is required for this definition.',
          );
        }
        const existed = env.resourceGroups.has(key);
        env.resourceGroups.set(key, {
          id: `/subscriptions/${sub}/resourceGroups/${name}`,
          name,
          location: parsed.data.location,
          ...(parsed.data.tags ? { tags: parsed.data.tags } : {}),
        });
        return json(existed ? 200 : 201, resourceGroupBody(env, key));
      }
      throw new ArmRequestError(
        405,
        'MethodNotAllowed',
        `${req.method} on a resource group is not served by the simulator.`,
      );
    },
  });
  routes.registerBuiltin({
    name: 'arm-generic-resources',
    method: 'GET',
    pattern: /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?\/resources$/i,
    plane: 'arm',
    handle: (req, match) => {
      const sub = match[1] ?? '';
      requireApiVersion(req.url, 'Microsoft.Resources', 'resources');
      requireSubscription(env, sub);
      const rg = match[2] ? decodeURIComponent(match[2]) : undefined;
      if (rg && !env.resourceGroups.has(groupKey(sub, rg))) {
        throw new ArmRequestError(
          404,
          'ResourceGroupNotFound',
          `Resource group '${rg}' could not be found.`,
        );
      }
      return listGenericResources(req, env, sub, rg);
    },
  });
  routes.registerBuiltin({
    name: 'arm-resources',
    method: '*',
    pattern: /^\/subscriptions\/[^/]+\/.*providers\/.+$/i,
    plane: 'arm',
    handle: (req) => handleResourceRequest(req, env),
  });
}
