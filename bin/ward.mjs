#!/usr/bin/env node
// Runs the bundled CLI. `npm ci` builds it (the `prepare` script); `npm run build` rebuilds.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('ward: dist/cli.mjs is missing; run `npm run build` first.\n');
  process.exit(1);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
