import { isDeepStrictEqual } from 'node:util';
import type { ActionPlan, RemediationAction } from '../actions/types';
import type { Snapshot } from '../domain';
import { readPath } from '../rules/paths';

function subjectOf(snapshot: Snapshot): unknown {
  return snapshot.subject.kind === 'arm' ? snapshot.subject.resource : snapshot.subject.secret;
}

/** ARM answers null and absent alike; enum values come back in any case. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return isDeepStrictEqual(a ?? undefined, b ?? undefined);
}

/**
 * Whether a fresh read holds every value the plan sets: the write took effect, whatever its
 * answer said. A plan without changes never counts as in place.
 */
export function changesInPlace(
  action: Pick<RemediationAction, 'observe'>,
  plan: ActionPlan,
  snapshot: Snapshot,
): boolean {
  const read = (path: string): unknown =>
    action.observe ? action.observe(snapshot, path) : readPath(subjectOf(snapshot), path);
  return (
    plan.changes.length > 0 && plan.changes.every((change) => same(read(change.path), change.after))
  );
}

/** ARM's provisioning state on a read; undefined for secrets and types without one. */
export function provisioningStateOf(snapshot: Snapshot): string | undefined {
  if (snapshot.subject.kind !== 'arm') return undefined;
  const state = readPath(snapshot.subject.resource, 'properties.provisioningState');
  return typeof state === 'string' ? state : undefined;
}
