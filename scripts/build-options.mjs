// The esbuild options of ward's bundles, shared by scripts/build.mjs and the test that loads
// the built function bundles (test/functions/bundles.test.ts), so both build the same thing.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');

// CommonJS dependencies bundled into ESM still call require/__dirname: give them real ones.
const banner = [
  "import { createRequire as __wardCreateRequire } from 'node:module';",
  "import { fileURLToPath as __wardFileURLToPath } from 'node:url';",
  "import { dirname as __wardDirname } from 'node:path';",
  'const require = __wardCreateRequire(import.meta.url);',
  'const __filename = __wardFileURLToPath(import.meta.url);',
  'const __dirname = __wardDirname(__filename);',
].join('\n');

/** @type {import('esbuild').BuildOptions} */
export const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: banner },
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // node-fetch (under @azure/arm-resourcegraph's ms-rest-js) checks a signal's constructor name
  // to be "AbortSignal"; renamed classes break every Resource Graph call in a bundle.
  keepNames: true,
};

/** Every trigger file: functions/*.ts, relative to the root. */
export function functionEntries() {
  const dir = join(root, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => join('functions', file));
}

/**
 * The function bundles: one entry per trigger file into `outdir`. Each SDK lands in its own
 * chunk, loaded by the first event that needs it: the entry a function app imports stays close
 * to bare Node (DESIGN.md, cold start). Chunks live in a subfolder so the host's
 * `dist/functions/*.js` glob skips them. The host provides @azure/functions-core.
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions}
 */
export function functionBundleOptions(outdir) {
  return {
    ...common,
    entryPoints: functionEntries(),
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['@azure/functions-core'],
  };
}
