import { isDeepStrictEqual } from 'node:util';
import type { Snapshot } from '../../domain';
import { readPath } from '../../rules/paths';
import type { ActionPlan, PreconditionResult } from '../types';

/** ARM treats null and absent alike in what it returns. */
function normalise(value: unknown): unknown {
  return value === null ? undefined : value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalise(a), normalise(b));
}

function show(value: unknown): string {
  return value === undefined || value === null ? 'absent' : JSON.stringify(value);
}

export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The fresh snapshot is still the state the plan was made from: the same resource, the same
 * etag where the plan has one, and otherwise every property the plan changes still holding its
 * `before` value. `read` reads a change's path from the subject (ARM body or secret).
 */
export function checkBasis(
  plan: ActionPlan,
  current: Snapshot,
  read: (subject: unknown, path: string) => unknown = readPath,
): PreconditionResult {
  if (!sameId(plan.resourceId, current.resourceId)) {
    return {
      ok: false,
      reason: `the plan is for ${plan.resourceId}, the read is of ${current.resourceId}`,
    };
  }
  if (plan.basisEtag !== undefined) {
    return current.etag === plan.basisEtag
      ? { ok: true }
      : {
          ok: false,
          reason: `the etag is ${current.etag ?? '(none)'}, the plan was made at ${plan.basisEtag}`,
        };
  }
  const subject =
    current.subject.kind === 'arm' ? current.subject.resource : current.subject.secret;
  for (const change of plan.changes) {
    const now = read(subject, change.path);
    if (!sameValue(now, change.before)) {
      return {
        ok: false,
        reason: `${change.path} is ${show(now)}, the plan expected ${show(change.before)}`,
      };
    }
  }
  return { ok: true };
}

/** `properties.a.b` = v → `{ properties: { a: { b: v } } }`. */
export function nestedBody(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let body: unknown = value;
  for (const key of keys.reverse()) body = { [key]: body };
  return body as Record<string, unknown>;
}

/** A plan parameter that must be a string; a stored plan missing it is invalid. */
export function stringParameter(plan: ActionPlan, name: string): string | undefined {
  const value = plan.parameters[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
