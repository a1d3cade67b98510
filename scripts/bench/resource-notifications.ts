import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { isReadableType } from '../../src/readers/arm-readers';
import { startSimulator } from '../../src/simulator';
import type { SimRequest, Simulator } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';
import { startAzurite } from '../../src/store/azurite';
import { listWatched } from '../../src/app/sweep';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential } from '../../src/simulator';
import type { AzuriteInstance } from '../../src/store/azurite';
import { commonBuildOptions } from '../build-options.mjs';
import { count, ms, printTable } from './stats';

const WARD_OID = 'a0a0a0a0-0000-4000-8000-00000000be11';
const USER_OID = 'b0b0b0b0-0000-4000-8000-00000000be12';
/** ARM's read bucket per subscription and principal: 250, refilling 25 per second. */
const READ_BUCKET = 250;
const READ_REFILL_PER_SECOND = 25;

export interface ArnBenchOptions {
  /** Changes of the realistic-mix run (reads per event, latency), at `steadyConcurrency`. */
  steadyChanges: number;
  steadyConcurrency: number;
  /** Distinct changes of the burst, delivered `burstConcurrency` at a time. */
  burstChanges: number;
  burstConcurrency: number;
  /** Longest a burst delivers before it stops; what was judged by then gives the rate. */
  burstCapMs: number;
  /** Resources of the estate whose Resource Graph listing is counted. */
  listedResources: number;
  /** Resources of the estate swept end to end (judged, related data read). */
  sweepResources: number;
  /** Injected latency of every simulator request. */
  latencyMs: number;
}

const workerResultSchema = z.object({
  events: z.number(),
  delivered: z.number(),
  elapsedMs: z.number(),
  evaluated: z.number(),
  fromPayload: z.number(),
  coalesced: z.number(),
  failed: z.number(),
  p50: z.number(),
  p99: z.number(),
  maxRssMb: z.number(),
});
type WorkerResult = z.infer<typeof workerResultSchema>;

const sweepResultSchema = z.object({
  elapsedMs: z.number(),
  judgedFailing: z.array(z.string()),
  evaluated: z.number(),
  fromPayload: z.number(),
  findings: z.number(),
  maxRssMb: z.number(),
});

export interface ArnBenchResults {
  readsPerEvent: { subscription: number; arn: number };
  latencyMs: {
    subscription: { p50: number; p99: number };
    arn: { p50: number; p99: number };
  };
  burst: {
    changes: number;
    concurrency: number;
    throttled: number;
    judged: { subscription: number; arn: number };
    judgedPerSecond: { subscription: number; arn: number };
    readsPerSecond: { subscription: number; arn: number };
    shareOfReadBudget: { subscription: number; arn: number };
    peakRssMb: number;
  };
  sweep: {
    resources: number;
    resourceGraphCalls: number;
    rowsListed: number;
    judgedEstateResources: number;
    judgedEstateResourceGraphCalls: number;
    armReadsCompliant: number;
    compliantResources: number;
    armReads: number;
    elapsedMs: number;
  };
  setup: Record<string, unknown>;
}

/** Counts what ward asks the simulator, by kind and by path, while adding ARM's latency. */
class RequestLog {
  resourceGraphCalls = 0;
  readonly getsByPath = new Map<string, number>();
  constructor(private readonly latencyMs: number) {}
  readonly latency = (req: SimRequest): number => {
    if (req.principal?.oid === WARD_OID) {
      const path = req.url.pathname.toLowerCase();
      if (path.includes('/providers/microsoft.resourcegraph/')) this.resourceGraphCalls += 1;
      else if (req.method === 'GET') {
        this.getsByPath.set(path, (this.getsByPath.get(path) ?? 0) + 1);
      }
    }
    return this.latencyMs;
  };
  reset(): void {
    this.resourceGraphCalls = 0;
    this.getsByPath.clear();
  }
}

/**
 * Bundles the worker with esbuild, as ward's function app is bundled (scripts/build-options.mjs):
 * the worker then runs on plain Node, and its peak RSS is ward's, not a TypeScript compiler's.
 */
async function bundleWorker(dir: string): Promise<string> {
  const root = resolve(import.meta.dirname, '../..');
  const outfile = join(dir, 'arn-worker.mjs');
  await build({
    ...commonBuildOptions(root),
    entryPoints: ['scripts/bench/arn-worker.ts'],
    outfile,
    sourcemap: false,
    external: ['@azure/functions-core'],
  });
  return outfile;
}

function runWorker(worker: string, job: Record<string, unknown>, dir: string): Promise<string> {
  const file = join(dir, `job-${String(Date.now())}.json`);
  writeFileSync(file, JSON.stringify(job));
  const root = resolve(import.meta.dirname, '../..');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [worker, file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last !== '') resolvePromise(last);
      else reject(new Error(`the ward worker exited with ${String(code)}`));
    });
  });
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msToWait));
}

function wardCounts(sim: Simulator): { reads: number; throttled: number } {
  const counts = sim.counters.snapshot().byPrincipal[WARD_OID];
  return { reads: counts?.reads ?? 0, throttled: counts?.throttled ?? 0 };
}

/**
 * (e) Azure Resource Notifications against the subscription topic, measured in one run on the
 * simulator with ARM's limits and injected latency; ward runs in a child process (its peak RSS
 * is ward's alone), in dry run, so every ARM call is the judging path's:
 * - a realistic mix (most changes compliant): ARM reads per event and handler latency;
 * - a burst of distinct changes at high concurrency: 429s, judged per second, peak RSS;
 * - a sweep of a generated estate: Resource Graph calls and ARM reads of compliant resources.
 */
export async function benchResourceNotifications(
  options: ArnBenchOptions,
): Promise<ArnBenchResults> {
  const dir = mkdtempSync(join(tmpdir(), 'ward-arn-bench-'));
  const worker = await bundleWorker(dir);
  const estate = { resources: 9_000, seed: 31, subscriptions: 4, compliantShare: 0.9 };
  const seed = generateEstate(estate);
  const log = new RequestLog(options.latencyMs);
  let sim: Simulator | undefined;
  let azurite: AzuriteInstance | undefined;
  try {
    sim = await startSimulator({
      seed,
      latencyMs: log.latency,
      lro: { polls: 1, retryAfterSeconds: 0 },
    });
    azurite = await startAzurite({ inMemory: true });
    const common = {
      estate,
      armUrl: sim.armUrl,
      ca: sim.ca,
      azurite: azurite.connectionString,
      wardOid: WARD_OID,
      userOid: USER_OID,
      offset: 0,
    };
    const runEvents = async (
      topic: 'subscription' | 'arn',
      changes: number,
      concurrency: number,
      capMs: number,
    ): Promise<{ result: WorkerResult; reads: number; throttled: number }> => {
      if (!sim) throw new Error('simulator not running');
      // The related-data cache as a sweep before the change leaves it (ARN runs only; the
      // subscription topic reads every resource anyway). Its reads are not counted.
      const tablePrefix = `arn${Date.now().toString(36)}${topic}`;
      if (topic === 'arn') {
        await sleep((READ_BUCKET / READ_REFILL_PER_SECOND) * 1000 + 500);
        await runWorker(
          worker,
          { ...common, tablePrefix, phase: 'warm', topic, count: changes, concurrency, capMs },
          dir,
        );
      }
      // ARM's buckets refill between runs, as they would between bursts.
      await sleep((READ_BUCKET / READ_REFILL_PER_SECOND) * 1000 + 500);
      sim.counters.reset();
      const line = await runWorker(
        worker,
        { ...common, tablePrefix, phase: 'events', topic, count: changes, concurrency, capMs },
        dir,
      );
      const result = workerResultSchema.parse(JSON.parse(line));
      return { result, ...wardCounts(sim) };
    };

    const steadySub = await runEvents(
      'subscription',
      options.steadyChanges,
      options.steadyConcurrency,
      600_000,
    );
    const steadyArn = await runEvents(
      'arn',
      options.steadyChanges,
      options.steadyConcurrency,
      600_000,
    );
    const burstSub = await runEvents(
      'subscription',
      options.burstChanges,
      options.burstConcurrency,
      options.burstCapMs,
    );
    const burstArn = await runEvents(
      'arn',
      options.burstChanges,
      options.burstConcurrency,
      options.burstCapMs,
    );
    await sim.stop();
    sim = undefined;

    // The sweep: a larger estate over more subscriptions, judged from its Resource Graph rows.
    const sweepEstate = {
      resources: options.sweepResources,
      seed: 37,
      subscriptions: 10,
      compliantShare: 0.3,
    };
    const sweepSeed = generateEstate(sweepEstate);
    log.reset();
    sim = await startSimulator({
      seed: sweepSeed,
      latencyMs: log.latency,
      lro: { polls: 1, retryAfterSeconds: 0 },
    });
    const sweepLine = await runWorker(
      worker,
      {
        ...common,
        estate: sweepEstate,
        armUrl: sim.armUrl,
        ca: sim.ca,
        phase: 'sweep',
        topic: 'subscription',
        count: 0,
        concurrency: 1,
        capMs: 1,
      },
      dir,
    );
    const sweep = sweepResultSchema.parse(JSON.parse(sweepLine));
    const sweepGraphCalls = log.resourceGraphCalls;
    // Compliant: a watched resource the sweep recorded no decision or error for.
    const failing = new Set(sweep.judgedFailing);
    const compliant = sweepSeed.resources
      .filter((r) => isReadableType(r.type))
      .map((r) => r.id.toLowerCase())
      .filter((id) => !failing.has(id));
    let armReadsCompliant = 0;
    for (const id of compliant) armReadsCompliant += log.getsByPath.get(id) ?? 0;
    const sweepReads = wardCounts(sim).reads;
    await sim.stop();
    sim = undefined;

    // The sweep's inventory of the large estate: the Resource Graph calls alone.
    const listedSeed = generateEstate({ ...sweepEstate, resources: options.listedResources });
    log.reset();
    sim = await startSimulator({ seed: listedSeed, latencyMs: log.latency });
    const listed = await listWatched({
      registry: createRegistry(),
      clients: createAzureClients({
        credential: new SimulatorCredential({ oid: WARD_OID, tid: listedSeed.tenantId }),
        armEndpoint: sim.armUrl,
        ca: sim.ca,
        throttle: new ThrottleBuckets(),
      }),
      subscriptions: listedSeed.subscriptions.map((s) => s.subscriptionId),
    });
    const listedCalls = log.resourceGraphCalls;

    const perSecond = (judged: number, elapsed: number): number => judged / (elapsed / 1000);
    const budget = (seconds: number): number =>
      estate.subscriptions * (READ_BUCKET + READ_REFILL_PER_SECOND * seconds);
    const results: ArnBenchResults = {
      readsPerEvent: {
        subscription: steadySub.reads / steadySub.result.delivered,
        arn: steadyArn.reads / steadyArn.result.delivered,
      },
      latencyMs: {
        subscription: { p50: steadySub.result.p50, p99: steadySub.result.p99 },
        arn: { p50: steadyArn.result.p50, p99: steadyArn.result.p99 },
      },
      burst: {
        changes: options.burstChanges,
        concurrency: options.burstConcurrency,
        throttled: burstSub.throttled + burstArn.throttled,
        judged: { subscription: burstSub.result.evaluated, arn: burstArn.result.evaluated },
        judgedPerSecond: {
          subscription: perSecond(burstSub.result.evaluated, burstSub.result.elapsedMs),
          arn: perSecond(burstArn.result.evaluated, burstArn.result.elapsedMs),
        },
        readsPerSecond: {
          subscription: perSecond(burstSub.reads, burstSub.result.elapsedMs),
          arn: perSecond(burstArn.reads, burstArn.result.elapsedMs),
        },
        shareOfReadBudget: {
          subscription: burstSub.reads / budget(burstSub.result.elapsedMs / 1000),
          arn: burstArn.reads / budget(burstArn.result.elapsedMs / 1000),
        },
        peakRssMb: Math.max(burstSub.result.maxRssMb, burstArn.result.maxRssMb),
      },
      sweep: {
        resources: listedSeed.resources.length,
        resourceGraphCalls: listedCalls,
        rowsListed: listed.length,
        judgedEstateResources: sweepSeed.resources.length,
        judgedEstateResourceGraphCalls: sweepGraphCalls,
        armReadsCompliant,
        compliantResources: compliant.length,
        armReads: sweepReads,
        elapsedMs: sweep.elapsedMs,
      },
      setup: {
        latencyMs: options.latencyMs,
        estate,
        sweepEstate,
        steady: { changes: options.steadyChanges, concurrency: options.steadyConcurrency },
        burstCapMs: options.burstCapMs,
        delivered: {
          subscription: burstSub.result.delivered,
          arn: burstArn.result.delivered,
        },
        failed: {
          steady: steadySub.result.failed + steadyArn.result.failed,
          burst: burstSub.result.failed + burstArn.result.failed,
        },
        judgedFromPayload: {
          steadyArn: steadyArn.result.fromPayload,
          burstArn: burstArn.result.fromPayload,
          sweep: sweep.fromPayload,
        },
      },
    };

    const f2 = (value: number): string => value.toFixed(2);
    printTable(
      `(e) Azure Resource Notifications vs the subscription topic (${String(options.latencyMs)} ms ARM latency, ARM's limits, dry run)`,
      [
        ['', 'subscription', 'ARN'],
        [
          `ARM reads per event (${count(options.steadyChanges)} changes, ${String(Math.round(estate.compliantShare * 100))} % compliant)`,
          f2(results.readsPerEvent.subscription),
          f2(results.readsPerEvent.arn),
        ],
        ['  judged from the payload', '-', count(steadyArn.result.fromPayload)],
        [
          'handler latency p50',
          ms(results.latencyMs.subscription.p50),
          ms(results.latencyMs.arn.p50),
        ],
        [
          'handler latency p99',
          ms(results.latencyMs.subscription.p99),
          ms(results.latencyMs.arn.p99),
        ],
        [
          `burst: judged of ${count(options.burstChanges)} at ${String(options.burstConcurrency)} concurrent`,
          count(burstSub.result.evaluated),
          count(burstArn.result.evaluated),
        ],
        [
          'burst: judged per second',
          f2(results.burst.judgedPerSecond.subscription),
          f2(results.burst.judgedPerSecond.arn),
        ],
        [
          'burst: ARM reads per second',
          f2(results.burst.readsPerSecond.subscription),
          f2(results.burst.readsPerSecond.arn),
        ],
        [
          'burst: share of ARM read budget used',
          `${(results.burst.shareOfReadBudget.subscription * 100).toFixed(0)} %`,
          `${(results.burst.shareOfReadBudget.arn * 100).toFixed(0)} %`,
        ],
        ['burst: 429 answers to ward', count(burstSub.throttled), count(burstArn.throttled)],
        [
          'burst: peak RSS of the ward process',
          `${burstSub.result.maxRssMb.toFixed(0)} MB`,
          `${burstArn.result.maxRssMb.toFixed(0)} MB`,
        ],
      ],
    );
    printTable('(f) sweep judged from Resource Graph rows (10 subscriptions)', [
      [
        `Resource Graph calls to list ${count(results.sweep.resources)} resources (${count(listed.length)} watched rows)`,
        count(results.sweep.resourceGraphCalls),
      ],
      ['estate swept end to end (resources)', count(results.sweep.judgedEstateResources)],
      ['  its Resource Graph calls', count(sweepGraphCalls)],
      ['resources compliant on their body', count(results.sweep.compliantResources)],
      ['ARM reads of compliant resources', count(results.sweep.armReadsCompliant)],
      ['judged from their row', count(sweep.fromPayload)],
      [
        'ARM reads in all (related data, failing resources, secrets)',
        count(results.sweep.armReads),
      ],
      ['wall time', ms(results.sweep.elapsedMs)],
    ]);
    return results;
  } finally {
    await sim?.stop();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
