import type { ArmResource, Snapshot } from '../domain';

/** Reads a dotted path (`properties.networkAcls.defaultAction`) from a parsed JSON value. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The ARM body of a snapshot, or undefined for data-plane subjects. */
export function armBody(snapshot: Snapshot): ArmResource | undefined {
  return snapshot.subject.kind === 'arm' ? snapshot.subject.resource : undefined;
}

/** Case-insensitive string equality; ARM echoes enum values in varying case. */
export function sameText(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
