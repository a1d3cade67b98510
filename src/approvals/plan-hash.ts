import { createHash } from 'node:crypto';
import { jsonText } from '../notify/json-text';
import type { ActionPlan } from '../actions/types';

/** JSON with object keys sorted, so equal plans hash equal whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return value === undefined ? 'null' : jsonText(JSON.stringify(value));
  if (Array.isArray(value))
    return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/** An approval is bound to exactly this plan: a different plan needs a fresh decision. */
export function planHash(plan: ActionPlan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}
