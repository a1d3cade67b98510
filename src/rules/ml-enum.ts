import { readPath } from './paths';

/**
 * ARM echoes enum values in varying case (`Enabled`, `enabled`): this maps a value read from a
 * body onto the spelling the REST spec uses, or undefined when it is not one of them.
 */
export function canonicalEnum<T extends string>(
  value: string,
  allowed: readonly T[],
): T | undefined {
  const folded = value.toLowerCase();
  return allowed.find((candidate) => candidate.toLowerCase() === folded);
}

export type EnumRead<T extends string> =
  | { kind: 'absent'; actual: null | undefined }
  | { kind: 'value'; value: T; actual: string }
  | { kind: 'invalid'; actual: unknown; problem: string };

/** Reads an enum property; null counts as absent because the specs mark these x-nullable. */
export function readEnum<T extends string>(
  body: unknown,
  path: string,
  allowed: readonly T[],
): EnumRead<T> {
  const actual = readPath(body, path);
  if (actual === undefined || actual === null) return { kind: 'absent', actual };
  if (typeof actual !== 'string') {
    return { kind: 'invalid', actual, problem: `${path} is not a string.` };
  }
  const value = canonicalEnum(actual, allowed);
  if (!value) {
    return {
      kind: 'invalid',
      actual,
      problem: `${path} has the unknown value ${JSON.stringify(actual)} (known: ${allowed.join(', ')}).`,
    };
  }
  return { kind: 'value', value, actual };
}
