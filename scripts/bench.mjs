// `npm run bench [-- cold-start evaluation reads sweep]`: runs the TypeScript benchmarks in
// scripts/bench/ with tsx. They print figures and never assert timings.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', resolve(root, 'scripts/bench/run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
