/**
 * Reads a named export from a lazily imported module. In a split esbuild bundle a CommonJS
 * package arrives as a chunk whose only export is `default` (the `module.exports` object), so
 * the named export lives there; unbundled Node gives it directly.
 */
export function namedExport<M extends object, K extends keyof M & string>(mod: M, name: K): M[K] {
  if (mod[name] !== undefined) return mod[name];
  const interop: unknown = (mod as { default?: unknown }).default;
  if (interop !== null && typeof interop === 'object' && name in interop) {
    return (interop as M)[name];
  }
  throw new TypeError(`The lazily loaded module has no export named ${name}.`);
}
