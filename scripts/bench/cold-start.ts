import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functionBundleOptions } from '../build-options.mjs';
import { GETTERS } from './sdk-first-use';
import { median, min, ms, printTable } from './stats';

/** The SDK packages a resource type's first event loads (src/azure/clients.ts getters). */
export const SDK_PACKAGES = [
  '@azure/arm-resources',
  '@azure/arm-machinelearning',
  '@azure/arm-network',
  '@azure/arm-monitor',
  '@azure/arm-resourcegraph',
  '@azure/keyvault-secrets',
  '@azure/identity',
  '@azure/data-tables',
] as const;

/** Prints the in-process time of importing BENCH_TARGETS (comma separated), in ms. */
const IMPORT_PROBE = [
  'const targets = process.env.BENCH_TARGETS.split(",");',
  'const started = performance.now();',
  'for (const target of targets) await import(target);',
  'process.stdout.write(String(performance.now() - started));',
].join('\n');

/** Imports the bundled probe (BENCH_PROBE) and prints the first call of BENCH_GETTER, in ms. */
const FIRST_USE_PROBE = [
  'const probe = await import(process.env.BENCH_PROBE);',
  'process.stdout.write(String(await probe.firstUse(process.env.BENCH_GETTER)));',
].join('\n');

interface ProcessTiming {
  /** Process start to exit, as the parent saw it. */
  wall: number;
  /** Import time inside the process (0 for a bare start). */
  inProcess: number;
}

function runNode(root: string, targets: readonly string[]): ProcessTiming {
  const args = targets.length === 0 ? ['-e', '0'] : ['--input-type=module', '-e', IMPORT_PROBE];
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...process.env, BENCH_TARGETS: targets.join(',') },
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node failed importing ${targets.join(', ')}: ${result.stderr}`);
  }
  return { wall, inProcess: targets.length === 0 ? 0 : Number(result.stdout) };
}

function runFirstUse(root: string, probe: string, getter: string): ProcessTiming | string {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', FIRST_USE_PROBE], {
    cwd: root,
    env: { ...process.env, BENCH_PROBE: probe, BENCH_GETTER: getter },
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  if (result.status !== 0) {
    // A getter that fails in a bundle is a finding to print, not a reason to stop the bench.
    const lines = result.stderr.split('\n').filter((line) => line.includes('Error'));
    return lines[0]?.trim() ?? `exit ${String(result.status)}`;
  }
  return { wall, inProcess: Number(result.stdout) };
}

/** The probe bundled like the function bundles, into a temporary folder. */
async function bundleProbe(root: string): Promise<{ url: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ward-bench-'));
  // The function bundles' own options, so the figures are those of what ships.
  await build({
    ...functionBundleOptions(root, ['scripts/bench/sdk-first-use.ts'], dir),
    external: [],
    sourcemap: false,
  });
  return { url: pathToFileURL(join(dir, 'sdk-first-use.js')).href, dir };
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

function mib(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function repeat(root: string, targets: readonly string[], runs: number): ProcessTiming[] {
  // One unmeasured run warms the OS file cache, as a warm instance's disk would be.
  runNode(root, targets);
  return Array.from({ length: runs }, () => runNode(root, targets));
}

function row(label: string, timings: readonly ProcessTiming[], bare: number): string[] {
  const walls = timings.map((t) => t.wall);
  const imports = timings.map((t) => t.inProcess);
  return [
    label,
    ms(median(walls)),
    ms(min(walls)),
    `+${ms(Math.max(0, median(walls) - bare))}`,
    imports.some((v) => v > 0) ? ms(median(imports)) : '-',
  ];
}

export interface ColdStartOptions {
  root: string;
  runs: number;
  build: boolean;
}

/**
 * (a) Cold start: a bare Node start, the bundled function entry a Function App imports, and
 * each SDK package on its own (what the first event of a resource type pays when the client
 * getter imports it), each in a fresh process.
 */
export async function benchColdStart(options: ColdStartOptions): Promise<void> {
  const { root, runs } = options;
  if (options.build) {
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the build failed');
  }
  const entry = resolve(root, 'dist/functions/resource-changes.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build`);
  const entryUrl = pathToFileURL(entry).href;

  const bare = repeat(root, [], runs);
  const bareMedian = median(bare.map((t) => t.wall));
  const rows: string[][] = [
    ['process', 'median', 'min', 'over bare node', 'import (in process)'],
    row('node -e 0', bare, bareMedian),
    row('import dist/functions/resource-changes.js', repeat(root, [entryUrl], runs), bareMedian),
    // The "first use" rows time only the getter call, after the probe's own import.
  ];
  const probe = await bundleProbe(root);
  try {
    for (const getter of GETTERS) {
      const label = `first clients.${getter}() in a bundle (chunk load)`;
      const first = runFirstUse(root, probe.url, getter);
      if (typeof first === 'string') {
        rows.push([label, 'FAILS', first, '', '']);
        continue;
      }
      const timings = Array.from({ length: runs }, () => runFirstUse(root, probe.url, getter));
      const ok = timings.filter((t): t is ProcessTiming => typeof t !== 'string');
      rows.push(row(label, ok, bareMedian));
    }
  } finally {
    rmSync(probe.dir, { recursive: true, force: true });
  }
  for (const name of SDK_PACKAGES) {
    rows.push(row(`import ${name} (unbundled)`, repeat(root, [name], runs), bareMedian));
  }
  rows.push(
    row('import every SDK above (unbundled)', repeat(root, SDK_PACKAGES, runs), bareMedian),
  );
  printTable(`(a) cold start, ${String(runs)} runs each (fresh process per run)`, rows);
  const chunks = join(root, 'dist/functions/chunks');
  process.stdout.write(
    `  dist/functions/resource-changes.js ${mib(sizeOf(entry))}; ` +
      `dist/functions/chunks/ ${mib(existsSync(chunks) ? sizeOf(chunks) : 0)} ` +
      `(shared by the function bundles, loaded on demand)\n`,
  );
}
