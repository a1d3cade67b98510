import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import type { ArmBody } from '../state';
import type { ArmEnv } from './env';
import type { ResourcePath } from './resource-path';
import type { ResourceTypeSpec } from './resource-types';

/** One page of `items`, with ARM's `nextLink` carrying a `$skiptoken` when more remain. */
export function page(req: SimRequest, env: ArmEnv, items: readonly unknown[]): SimResponse {
  const token = req.url.searchParams.get('$skiptoken');
  const start = token === null ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(start) || start < 0) {
    throw new ArmRequestError(
      400,
      'InvalidSkipToken',
      `The $skiptoken '${token ?? ''}' is not valid.`,
    );
  }
  const top = req.url.searchParams.get('$top');
  const size = top
    ? Math.max(1, Math.min(env.pageSize, Number.parseInt(top, 10) || env.pageSize))
    : env.pageSize;
  const value = items.slice(start, start + size);
  const body: { value: unknown[]; nextLink?: string } = { value };
  if (start + size < items.length) {
    const query = new URLSearchParams();
    for (const [k, v] of req.url.searchParams) if (k !== '$skiptoken') query.set(k, v);
    body.nextLink = `${env.armUrl()}${req.url.pathname}?${query.toString()}&$skiptoken=${start + size}`;
  }
  return json(200, body);
}

/** `GET .../providers/{ns}/{type}`: by resource group, by subscription, or a parent's children. */
export function listCollection(
  req: SimRequest,
  env: ArmEnv,
  path: ResourcePath,
  spec: ResourceTypeSpec | undefined,
): SimResponse {
  let items: ArmBody[];
  if (path.parentId || path.extensionOf) {
    items = env.store.list({
      type: path.type,
      parentId: path.parentId ?? `${path.scope}/providers/${path.namespace}`,
    });
  } else {
    items = env.store.list({
      type: path.type,
      subscriptionId: path.subscriptionId,
      ...(path.resourceGroup ? { resourceGroup: path.resourceGroup } : {}),
    });
  }
  const composed = items.map((b) => (spec?.behaviour.compose ? spec.behaviour.compose(b, env) : b));
  return page(req, env, composed);
}

const FILTER_TYPE = /^\s*resourceType\s+eq\s+'([^']+)'\s*$/i;

/** `GET /subscriptions/{s}[/resourceGroups/{rg}]/resources` (generic resource list, `GenericResourceExpanded`). */
export function listGenericResources(
  req: SimRequest,
  env: ArmEnv,
  subscriptionId: string,
  resourceGroup: string | undefined,
): SimResponse {
  const filter = req.url.searchParams.get('$filter');
  let type: string | undefined;
  if (filter) {
    const m = FILTER_TYPE.exec(filter);
    if (!m) {
      throw new ArmRequestError(
        400,
        'InvalidFilterInQueryString',
        `The simulator supports only $filter=resourceType eq '<type>', not '${filter}'.`,
      );
    }
    type = m[1];
  }
  const items = env.store
    .list({
      subscriptionId,
      ...(resourceGroup ? { resourceGroup } : {}),
      ...(type ? { type } : {}),
    })
    // Tracked resources only (they have a location): proxy and extension resources are not listed.
    .filter((b) => b.location !== undefined)
    .map((b) => {
      const summary: Record<string, unknown> = { id: b.id, name: b.name, type: b.type };
      for (const key of ['location', 'tags', 'kind', 'sku', 'identity', 'managedBy'] as const) {
        if (b[key] !== undefined) summary[key] = b[key];
      }
      return summary;
    });
  return page(req, env, items);
}
