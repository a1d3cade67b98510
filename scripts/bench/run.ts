// The benchmarks behind docs/performance.md. They print figures and never assert timings.
// `npm run bench` runs all six; name some to run only those:
// `npm run bench -- cold-start evaluation reads sweep arn teams` (and `--no-build` to reuse dist/).
// The Azure Resource Notifications figures (arn) are also written to bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { benchColdStart } from './cold-start';
import { benchEvaluation } from './evaluation';
import { benchReadsPerEvent } from './reads-per-event';
import { benchResourceNotifications } from './resource-notifications';
import { benchSweepPaging } from './sweep-paging';
import { benchTeamsSweep } from './teams-sweep';
import { ms } from './stats';

const BENCHES = ['cold-start', 'evaluation', 'reads', 'sweep', 'arn', 'teams'] as const;
type BenchName = (typeof BENCHES)[number];

function isBench(value: string): value is BenchName {
  return (BENCHES as readonly string[]).includes(value);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !a.startsWith('--') && !isBench(a));
  if (unknown.length > 0) {
    throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  }
  const named = args.filter(isBench);
  const selected = new Set<BenchName>(named.length > 0 ? named : BENCHES);
  const root = resolve(import.meta.dirname, '../..');
  const cpu = cpus();
  process.stdout.write(
    `ward benchmarks: Node ${process.version}, ${String(cpu.length)} cores (${cpu[0]?.model ?? 'unknown'}), ${new Date().toISOString()}\n`,
  );
  const started = performance.now();
  if (selected.has('cold-start')) {
    await benchColdStart({ root, runs: 5, build: !args.includes('--no-build') });
  }
  if (selected.has('evaluation')) benchEvaluation({ resources: 10_000, rounds: 5 });
  if (selected.has('reads')) {
    await benchReadsPerEvent({
      resources: 400,
      burstShare: 0.25,
      burstWrites: 3,
      duplicateShare: 0.1,
      concurrency: 8,
    });
  }
  if (selected.has('sweep')) await benchSweepPaging({ resources: 10_000, subscriptions: 2 });
  if (selected.has('teams')) {
    await benchTeamsSweep({ resources: 5_000, subscriptions: 10, sweepConcurrency: 16 });
  }
  if (selected.has('arn')) {
    const results = await benchResourceNotifications({
      steadyChanges: 100,
      steadyConcurrency: 4,
      burstChanges: 5_000,
      burstConcurrency: 64,
      burstCapMs: 45_000,
      listedResources: 10_000,
      sweepResources: 1_000,
      latencyMs: 100,
    });
    mkdirSync(resolve(root, 'bench'), { recursive: true });
    const file = resolve(root, 'bench/results.json');
    const measuredAt = new Date().toISOString();
    writeFileSync(
      file,
      `${JSON.stringify({ measuredAt, node: process.version, cores: cpu.length, ...results }, null, 2)}\n`,
    );
    process.stdout.write(`\nwrote ${file}\n`);
  }
  process.stdout.write(`\nbenchmarks done in ${ms(performance.now() - started)}\n`);
}

main().catch((cause: unknown) => {
  process.stderr.write(`bench: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exitCode = 1;
});
