// Bundles the CLI (dist/cli.mjs) and one file per Azure Functions trigger (dist/functions/).
// Runs on `npm ci` (prepare) so `npx ward` works on a clean clone. Any error fails the build.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';
import { common, functionBundleOptions, functionEntries, root } from './build-options.mjs';

const dist = join(root, 'dist');

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
        build(functionBundleOptions('dist/functions'))),
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
