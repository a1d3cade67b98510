import { ArmRequestError } from '../http';
import type { SimRequest } from '../http';
import type { ArmBody } from '../state';
import { groupKey } from './env';
import type { ArmEnv } from './env';
import type { ResourcePath } from './resource-path';
import type { ResourceTypeSpec } from './resource-types';

/** ARM refuses a change while an operation on the same resource is still running. */
export function assertNotBusy(env: ArmEnv, resource: ArmBody): void {
  if (env.lro.busy(resource.id)) {
    throw new ArmRequestError(
      409,
      'AnotherOperationInProgress',
      `Another operation on this or dependent resource is in progress (provisioningState ${String(resource.properties?.provisioningState)}).`,
    );
  }
}

export function notFound(path: ResourcePath): ArmRequestError {
  const typeTail = path.type;
  return new ArmRequestError(
    404,
    'ResourceNotFound',
    `The Resource '${typeTail}/${path.name ?? ''}' under resource group '${path.resourceGroup ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** Checks the scope a request names exists: subscription, resource group, parent, extension target. */
export function requireScope(env: ArmEnv, path: ResourcePath): void {
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

export function checkPreconditions(
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
