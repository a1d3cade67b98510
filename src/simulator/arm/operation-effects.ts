import type { SimRequest } from '../http';
import { resourceEvent } from '../events/resource-events';
import { notifiesType, resourceNotification } from '../events/resource-notifications';
import type { ResourceEventKind } from '../events/resource-events';
import type { ArmBody } from '../state';
import { groupKey, lroFaults } from './env';
import type { ArmEnv } from './env';
import type { ResourcePath } from './resource-path';

function operationName(type: string, kind: ResourceEventKind, action?: string): string {
  if (kind === 'delete') return `${type}/delete`;
  if (kind === 'action') return `${type}/${action ?? 'action'}/action`;
  return `${type}/write`;
}

export function emit(
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
  if (env.events.resourceNotifications && notifiesType(type)) {
    publishNotification(env, req, resourceId, type, kind);
  }
}

/** The Azure Resource Notifications event of the same change, with the state after it. */
function publishNotification(
  env: ArmEnv,
  req: SimRequest,
  resourceId: string,
  type: string,
  kind: ResourceEventKind,
): void {
  const stored = env.store.get(resourceId);
  const body =
    kind === 'delete'
      ? { id: resourceId, name: resourceId.split('/').pop() ?? '', type }
      : stored && structuredClone(stored);
  if (!body) return;
  const notification = resourceNotification({
    id: env.random.uuid(),
    kind: kind === 'delete' ? 'deleted' : 'created-or-updated',
    body,
    eventTime: env.clock.now(),
  });
  env.events.publish([notification], req.principal?.id ?? 'anonymous');
}

/** Starts an operation and returns its `Azure-AsyncOperation`, `Location`, `Retry-After` headers. */
export function startLro(
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

export function locationOf(env: ArmEnv, path: ResourcePath, body: ArmBody | undefined): string {
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

export function setProvisioningState(body: ArmBody, state: string): void {
  body.properties ??= {};
  body.properties.provisioningState = state;
}
