import { ActionError } from '../errors';

/**
 * Named segments of an ARM id, keyed lower-case: `resourcegroups`, `workspaces`, `computes`,
 * ... (what typed SDK calls take as separate arguments).
 */
export function idSegments(resourceId: string): Map<string, string> {
  const parts = resourceId.split('/').filter(Boolean);
  const segments = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const key = parts[i];
    const value = parts[i + 1];
    if (key !== undefined && value !== undefined && key.toLowerCase() !== 'providers') {
      segments.set(key.toLowerCase(), value);
    }
  }
  return segments;
}

/** One named segment, or a coded error naming what the id lacks. */
export function segment(resourceId: string, name: string): string {
  const value = idSegments(resourceId).get(name.toLowerCase());
  if (value === undefined) {
    throw new ActionError('invalid-plan', `${resourceId} has no ${name} segment`);
  }
  return value;
}
