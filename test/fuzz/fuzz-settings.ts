import fc from 'fast-check';

/**
 * Every fuzz suite runs this many inputs, from a fixed seed so a failure comes back on the next
 * run (fast-check's report names the seed and the shrunk counterexample's path to replay it).
 */
export const FUZZ_RUNS = 10_000;
export const FUZZ_SEED = 20_261_204;

export const fuzzRuns = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED } as const;

/** Deep copy of a JSON value with `value` at `path` (or the key removed when undefined). */
export function withValueAt(base: unknown, path: readonly string[], value: unknown): unknown {
  const copy: unknown = structuredClone(base);
  if (path.length === 0) return value;
  if (copy === null || typeof copy !== 'object') return copy;
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') return copy;
    node = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? '';
  if (value === undefined) Reflect.deleteProperty(node, last);
  else node[last] = value;
  return copy;
}

/** Values an attacker or a broken publisher might put anywhere in a JSON document. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  // Long texts, made cheaply: a short random start padded to a few thousand characters.
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 200, max: 5000 }))
    .map(([start, length]) => start.padEnd(length, 'é')),
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    0,
    1,
    -1,
    Number.NaN,
    '__proto__',
    'constructor',
    'https://127.0.0.1:1/secrets/x',
    'http://evil.example/secrets/x/1',
    '/subscriptions/x',
    '/subscriptions/../../etc/passwd',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00.000Z',
    '\u0000',
    '\ud800',
  ),
  fc.constant('x'.repeat(100_000)),
);

/** The same without the 100 KB text: for inputs a person writes (files), where it costs time. */
export const hostileSmallValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(undefined, null, '', 0, -1, 1.5, Number.NaN, '__proto__', '9999-12-31', '\u0000'),
);
