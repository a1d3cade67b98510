import { createHash } from 'node:crypto';
import type { Column, Comparison, ParsedQuery, StringColumn } from './query';

/** A row of Resource Graph's `resources` table. */
export interface ResourceRow {
  id: string;
  name: string;
  /** Lower case, as Resource Graph returns it. */
  type: string;
  tenantId: string;
  kind: string;
  location: string;
  /** Lower case, as Resource Graph returns it. */
  resourceGroup: string;
  subscriptionId: string;
  managedBy: string;
  sku: unknown;
  plan: unknown;
  properties: unknown;
  tags: unknown;
  identity: unknown;
  zones: unknown;
  extendedLocation: unknown;
}

export interface ArmLike {
  id: string;
  name: string;
  type: string;
  [key: string]: unknown;
}

const SCOPE = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/.+$/i;

/**
 * The row Resource Graph holds for an ARM resource, or `undefined` for what the `resources`
 * table does not hold: extension resources such as diagnostic settings (ids with a second
 * `/providers/` segment) and anything outside a resource group.
 */
export function toResourceRow(body: ArmLike, tenantId: string): ResourceRow | undefined {
  const match = SCOPE.exec(body.id);
  if (
    !match ||
    body.id.toLowerCase().indexOf('/providers/') !==
      body.id.toLowerCase().lastIndexOf('/providers/')
  ) {
    return undefined;
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  const orNull = (value: unknown): unknown => value ?? null;
  return {
    id: body.id,
    name: body.name,
    type: body.type.toLowerCase(),
    tenantId,
    kind: text(body.kind),
    location: text(body.location).toLowerCase(),
    resourceGroup: (match[2] ?? '').toLowerCase(),
    subscriptionId: match[1] ?? '',
    managedBy: text(body.managedBy),
    sku: orNull(body.sku),
    plan: orNull(body.plan),
    properties: orNull(body.properties),
    tags: orNull(body.tags),
    identity: orNull(body.identity),
    zones: orNull(body.zones),
    extendedLocation: orNull(body.extendedLocation),
  };
}

function matches(row: ResourceRow, comparison: Comparison): boolean {
  const actual = row[comparison.column];
  const insensitive = comparison.operator.includes('~');
  const norm = (value: string): string => (insensitive ? value.toLowerCase() : value);
  const hit = comparison.values.some((value) => norm(value) === norm(actual));
  return comparison.operator.startsWith('!') ? !hit : hit;
}

export interface RunOptions {
  /** The request's subscriptions; rows outside them are not seen. */
  subscriptions: readonly string[];
  top: number;
  skip: number;
  skipToken: string | undefined;
  /** The query text, so a skip token is tied to the query it came from. */
  queryText: string;
}

export interface QueryPage {
  totalRecords: number;
  count: number;
  data: Record<string, unknown>[];
  facets: never[];
  resultTruncated: 'true' | 'false';
  $skipToken?: string;
}

function fingerprint(queryText: string, subscriptions: readonly string[]): string {
  return createHash('sha1')
    .update(
      `${queryText}\u0000${[...subscriptions]
        .map((s) => s.toLowerCase())
        .sort()
        .join(',')}`,
    )
    .digest('hex')
    .slice(0, 16);
}

function encodeSkipToken(offset: number, print: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: print }), 'utf8').toString('base64url');
}

/** Thrown for a skip token that is malformed or belongs to another query. */
export class InvalidSkipTokenError extends Error {
  readonly code = 'InvalidSkipToken';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSkipTokenError';
  }
}

function decodeSkipToken(token: string, print: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSkipTokenError('$skipToken is not a token this service issued');
  }
  if (typeof decoded !== 'object' || decoded === null) {
    throw new InvalidSkipTokenError('$skipToken is not a token this service issued');
  }
  const { o, q } = decoded as { o?: unknown; q?: unknown };
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || typeof q !== 'string') {
    throw new InvalidSkipTokenError('$skipToken is not a token this service issued');
  }
  if (q !== print) {
    throw new InvalidSkipTokenError('$skipToken was issued for a different query or subscriptions');
  }
  return o;
}

function compareBy(column: StringColumn, direction: 'asc' | 'desc') {
  const sign = direction === 'asc' ? 1 : -1;
  return (a: ResourceRow, b: ResourceRow): number => {
    const x = a[column].toLowerCase();
    const y = b[column].toLowerCase();
    return x < y ? -sign : x > y ? sign : 0;
  };
}

function projectRow(
  row: ResourceRow,
  columns: readonly Column[] | undefined,
): Record<string, unknown> {
  if (!columns) return { ...row };
  const out: Record<string, unknown> = {};
  for (const column of columns) out[column] = row[column];
  return out;
}

/**
 * Runs a parsed query over rows, a page at a time. Rows are ordered by id unless the query
 * orders them (paging needs a stable order). A page can only be continued with `$skipToken`
 * when the projection keeps `id`, as in Resource Graph; otherwise a result with more rows
 * than the page is marked truncated.
 */
export function runQuery(
  query: ParsedQuery,
  rows: readonly ResourceRow[],
  options: RunOptions,
): QueryPage {
  const subscriptions = new Set(options.subscriptions.map((s) => s.toLowerCase()));
  let selected = rows.filter(
    (row) =>
      subscriptions.has(row.subscriptionId.toLowerCase()) &&
      query.where.every((comparison) => matches(row, comparison)),
  );
  selected.sort(compareBy('id', 'asc'));
  if (query.order) selected.sort(compareBy(query.order.column, query.order.direction));
  if (query.take !== undefined) selected = selected.slice(0, query.take);

  const print = fingerprint(options.queryText, options.subscriptions);
  const start =
    options.skipToken !== undefined ? decodeSkipToken(options.skipToken, print) : options.skip;
  const page = selected.slice(start, start + options.top);
  const more = start + page.length < selected.length;
  const pageable = query.project === undefined || query.project.includes('id');
  const result: QueryPage = {
    totalRecords: selected.length,
    count: page.length,
    data: page.map((row) => projectRow(row, query.project)),
    facets: [],
    resultTruncated: more && !pageable ? 'true' : 'false',
  };
  if (more && pageable) result.$skipToken = encodeSkipToken(start + page.length, print);
  return result;
}
