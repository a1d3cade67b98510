// One ward process for the Azure Resource Notifications benchmark: the parent starts the
// simulator and Azurite in other processes' memory, so this process's peak RSS is ward's alone.
// It reads its job as JSON from argv[2], runs it and prints one JSON line with what it measured.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { z } from 'zod';
import { createWard } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { makeSignalTrigger } from '../../src/events/trigger';
import { isReadableType } from '../../src/readers/arm-readers';
import { payloadBodySnapshot, withRelated } from '../../src/readers/payload-snapshot';
import type { CachedRelated } from '../../src/readers/payload-snapshot';
import { createRelatedCache } from '../../src/store/related-cache';
import { createTableStore } from '../../src/store/tables';
import { SimulatorCredential, resourceEvent, resourceNotification } from '../../src/simulator';
import type { EventGridEvent, SimPrincipal } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';

const jobSchema = z.object({
  /**
   * `warm` fills the related-data cache for the changing resources as a sweep does (their
   * diagnostic settings read and kept), for a later `events` run on the same `tablePrefix`.
   */
  phase: z.enum(['events', 'sweep', 'warm']),
  tablePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9]*$/)
    .optional(),
  topic: z.enum(['subscription', 'arn']),
  estate: z.object({
    resources: z.number().int().positive(),
    seed: z.number().int(),
    subscriptions: z.number().int().positive(),
    compliantShare: z.number(),
  }),
  /** Which readable resources change: [offset, offset + count). */
  offset: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  concurrency: z.number().int().positive(),
  /** Stop starting deliveries after this long (the rest are reported as not delivered). */
  capMs: z.number().int().positive(),
  armUrl: z.string(),
  ca: z.string(),
  azurite: z.string(),
  wardOid: z.string(),
  userOid: z.string(),
});
type Job = z.infer<typeof jobSchema>;

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const job: Job = jobSchema.parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
  const seed = generateEstate(job.estate);
  const ward = await createWard({
    armEndpoint: job.armUrl,
    ca: job.ca,
    credential: new SimulatorCredential({ oid: job.wardOid, tid: seed.tenantId, name: 'ward' }),
    tables: { connectionString: job.azurite },
    tablePrefix: job.tablePrefix ?? `arn${Date.now().toString(36)}${job.topic}`,
    // Dry run: every ARM call is the judging path's own (no write, no verify).
    policy: policySchema.parse({ dryRun: true }),
    principalId: job.wardOid,
    subscriptions: seed.subscriptions.map((s) => s.subscriptionId),
    teams: {},
    logger: pino({ level: 'silent' }),
    verify: { attempts: 1, delayMs: 0 },
    sweepConcurrency: 32,
  });
  try {
    if (job.phase === 'sweep') {
      const started = performance.now();
      await ward.useCases.sweep({
        invocationId: 'bench-sweep',
        functionName: 'sweep',
        firedAt: new Date().toISOString(),
        isPastDue: false,
      });
      const elapsedMs = performance.now() - started;
      const counters = ward.counters();
      // Resources ward recorded a decision or an error for: every other one passed.
      const judgedFailing = [
        ...new Set(
          (await ward.ledger.listAll()).flatMap((entry) =>
            entry.kind === 'decision' && entry.resourceId ? [entry.resourceId.toLowerCase()] : [],
          ),
        ),
      ];
      process.stdout.write(
        `${JSON.stringify({
          elapsedMs,
          judgedFailing,
          evaluated: counters.evaluated,
          fromPayload: counters.fromPayload,
          findings: counters.findings,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
        })}\n`,
      );
      return;
    }
    const targets = seed.resources
      .filter((r) => isReadableType(r.type))
      .slice(job.offset, job.offset + job.count);
    if (job.phase === 'warm') {
      const cache = createRelatedCache(
        createTableStore({ connectionString: job.azurite, prefix: job.tablePrefix ?? '' }),
        { ttlMs: 3_600_000 },
      );
      const refresh: CachedRelated = {
        mode: 'refresh',
        get: () => Promise.resolve(undefined),
        put: (id, part, settings) => cache.put(id, part, settings, new Date()),
      };
      let next = 0;
      await Promise.all(
        Array.from({ length: job.concurrency }, async () => {
          while (next < targets.length) {
            const target = targets[next];
            next += 1;
            const snapshot = target
              ? payloadBodySnapshot({ origin: 'resource-graph', resource: target })
              : undefined;
            if (snapshot) await withRelated(snapshot, { clients: ward.clients }, refresh);
          }
        }),
      );
      process.stdout.write(`${JSON.stringify({ warmed: targets.length })}\n`);
      return;
    }
    const user: SimPrincipal = {
      id: job.userOid,
      oid: job.userOid,
      tid: seed.tenantId,
      name: 'dana@contoso.example',
      claims: {},
    };
    const now = Date.now();
    const events: EventGridEvent[] = targets.map((target, index) =>
      job.topic === 'arn'
        ? resourceNotification({
            id: randomUUID(),
            kind: 'created-or-updated',
            body: target,
            eventTime: new Date(now + index),
          })
        : resourceEvent({
            kind: 'write',
            id: randomUUID(),
            resourceId: target.id,
            operationName: `${target.type}/write`,
            principal: user,
            tenantId: seed.tenantId,
            correlationId: randomUUID(),
            eventTime: new Date(now + index),
          }),
    );
    // The body of functions/resource-changes.ts (that file also registers with the host).
    const handler = makeSignalTrigger('eventgrid', () => Promise.resolve(ward.useCases));
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const quiet = (): void => undefined;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(job.concurrency, events.length) }, async () => {
        while (next < events.length && performance.now() - started < job.capMs) {
          const event = events[next];
          next += 1;
          if (!event) continue;
          const entered = performance.now();
          await handler(event, {
            invocationId: `bench-${String(next)}`,
            functionName: 'resourceChanges',
            info: quiet,
            warn: quiet,
            error: () => {
              failed += 1;
            },
          });
          latencies.push(performance.now() - entered);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const counters = ward.counters();
    process.stdout.write(
      `${JSON.stringify({
        events: events.length,
        delivered: latencies.length,
        elapsedMs,
        evaluated: counters.evaluated,
        fromPayload: counters.fromPayload,
        coalesced: counters.coalesced,
        failed,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      })}\n`,
    );
  } finally {
    await ward.close();
  }
}

main().catch((cause: unknown) => {
  process.stderr.write(`arn-worker: ${cause instanceof Error ? cause.stack : String(cause)}\n`);
  process.exitCode = 1;
});
