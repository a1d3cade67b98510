// Bundles the CLI (dist/cli.mjs) and one file per Azure Functions trigger (dist/functions/).
// Runs on `npm ci` (prepare) so `npx ward` works on a clean clone. Any error fails the build.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');

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
const common = {
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

function functionEntries() {
  const dir = join(root, 'functions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join('functions', file));
}

/**
 * The Functions host loads every dist/functions/*.js: a bundle whose trigger was deleted must go.
 * Files are overwritten in place rather than wiping dist/, so a running `ward` keeps its bundle.
 */
function removeStaleFunctionBundles(entries) {
  const dir = join(dist, 'functions');
  if (!existsSync(dir)) return;
  const current = new Set(entries.map((entry) => basename(entry, '.ts')));
  for (const file of readdirSync(dir)) {
    const name = file.replace(/\.js(\.map)?$/, '');
    if (file === 'chunks') continue;
    if (!current.has(name)) rmSync(join(dir, file), { force: true });
  }
}

async function main() {
  const started = Date.now();
  const functions = functionEntries();
  await Promise.all([
    // `ward demo` calls the Functions handlers in-process: the host-only module stays external.
    build({
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.mjs',
      external: ['@azure/functions-core'],
    }),
    functions.length === 0
      ? Promise.resolve()
      : (rmSync(join(dist, 'functions', 'chunks'), { recursive: true, force: true }),
        build({
          ...common,
          entryPoints: functions,
          outdir: 'dist/functions',
          // Each SDK lands in its own chunk, loaded by the first event that needs it: the
          // entry a function app imports stays close to bare Node (DESIGN.md, cold start).
          // Chunks live in a subfolder so the host's `dist/functions/*.js` glob skips them.
          splitting: true,
          chunkNames: 'chunks/[name]-[hash]',
          external: ['@azure/functions-core'],
        })),
  ]);
  removeStaleFunctionBundles(functions);
  process.stdout.write(
    `build: dist/cli.mjs and ${functions.length} function bundle(s) in ${Date.now() - started} ms\n`,
  );
}

main().catch((cause) => {
  // esbuild has already printed the located errors; say plainly that the build failed.
  process.stderr.write(`build failed: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exit(1);
});
