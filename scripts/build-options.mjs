// The esbuild options of ward's bundles, in one place: scripts/build.mjs builds dist/ with them,
// and the tests that load bundles (test/azure/bundled-clients.test.ts,
// test/functions/bundles.test.ts) build theirs with the very same options.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// CommonJS dependencies bundled into ESM still call require/__dirname: give them real ones.
const banner = [
  "import { createRequire as __wardCreateRequire } from 'node:module';",
  "import { fileURLToPath as __wardFileURLToPath } from 'node:url';",
  "import { dirname as __wardDirname } from 'node:path';",
  'const require = __wardCreateRequire(import.meta.url);',
  'const __filename = __wardFileURLToPath(import.meta.url);',
  'const __dirname = __wardDirname(__filename);',
].join('\n');

/**
 * Options every ward bundle is built with; `root` is the repository (entry points and output
 * paths are relative to it).
 * @param {string} root
 * @returns {import('esbuild').BuildOptions}
 */
export function commonBuildOptions(root) {
  return {
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
}

/**
 * The Functions triggers (functions/*.ts), relative to `root`: one bundle each.
 * @param {string} root
 * @returns {string[]}
 */
export function functionEntries(root) {
  const dir = join(root, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map((file) => join('functions', file));
}

/**
 * The function app's bundles: `entryPoints` (one per trigger) into `outdir`.
 * @param {string} root
 * @param {import('esbuild').BuildOptions['entryPoints']} entryPoints
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions}
 */
export function functionBundleOptions(root, entryPoints, outdir) {
  return {
    ...commonBuildOptions(root),
    entryPoints,
    outdir,
    // Each SDK lands in its own chunk, loaded by the first event that needs it: the entry a
    // function app imports stays close to bare Node (DESIGN.md, cold start). Chunks live in a
    // subfolder so the host's `dist/functions/*.js` glob skips them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // The Functions host provides this module at run time.
    external: ['@azure/functions-core'],
  };
}

/**
 * The CLI bundle. `ward demo` calls the Functions handlers in-process: the host-only module
 * stays external.
 * @param {string} root
 * @param {string} outfile
 * @returns {import('esbuild').BuildOptions}
 */
export function cliBundleOptions(root, outfile) {
  return {
    ...commonBuildOptions(root),
    entryPoints: ['src/cli/main.ts'],
    outfile,
    external: ['@azure/functions-core'],
  };
}
