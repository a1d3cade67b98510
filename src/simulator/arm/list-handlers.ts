import { ArmRequestError, json } from '../http';
import type { SimRequest, SimResponse } from '../http';
import type { ArmBody, ListFilter } from '../state';
import type { ArmEnv } from './env';
import type { ResourcePath } from './resource-path';
import type { ResourceTypeSpec } from './resource-types';

/** Items to page through, fetched one window at a time. */
export interface PageSource {
  count: number;
  slice: (offset: number, limit: number) => unknown[];
}

function isPageSource(items: readonly unknown[] | PageSource): items is PageSource {
  return !Array.isArray(items);
}

function sourceOf(items: readonly unknown[] | PageSource): PageSource {
  if (isPageSource(items)) return items;
  return {
    count: items.length,
    slice: (offset: number, limit: number): unknown[] => items.slice(offset, offset + limit),
  };
}

/** One page of `items`, with ARM's `nextLink` carrying a `$skiptoken` when more remain. */
export function page(
  req: SimRequest,
  env: Pick<ArmEnv, 'armUrl' | 'pageSize'>,
  items: readonly unknown[] | PageSource,
): SimResponse {
  const source = sourceOf(items);
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
  const value = source.slice(start, size);
  const body: { value: unknown[]; nextLink?: string } = { value };
  if (start + size < source.count) {
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
  const filter: ListFilter =
    path.parentId || path.extensionOf
      ? { type: path.type, parentId: path.parentId ?? `${path.scope}/providers/${path.namespace}` }
      : {
          type: path.type,
          subscriptionId: path.subscriptionId,
          ...(path.resourceGroup ? { resourceGroup: path.resourceGroup } : {}),
        };
  const compose = spec?.behaviour.compose;
  return page(req, env, {
    count: env.store.count(filter),
    slice: (offset: number, limit: number) =>
      env.store.list(filter, { offset, limit }).map((b) => (compose ? compose(b, env) : b)),
  });
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
  const listFilter: ListFilter = {
    subscriptionId,
    ...(resourceGroup ? { resourceGroup } : {}),
    ...(type ? { type } : {}),
    // Tracked resources only (they have a location): proxy and extension resources are not listed.
    where: (b) => b.location !== undefined,
  };
  const summary = (b: ArmBody): Record<string, unknown> => {
    const out: Record<string, unknown> = { id: b.id, name: b.name, type: b.type };
    for (const key of ['location', 'tags', 'kind', 'sku', 'identity', 'managedBy'] as const) {
      if (b[key] !== undefined) out[key] = b[key];
    }
    return out;
  };
  const items: PageSource = {
    count: env.store.count(listFilter),
    slice: (offset, limit) => env.store.list(listFilter, { offset, limit }).map(summary),
  };
  return page(req, env, items);
}
