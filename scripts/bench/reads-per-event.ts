import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createWard } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { makeSignalTrigger } from '../../src/events/trigger';
import { isReadableType } from '../../src/readers/arm-readers';
import { SimulatorCredential, resourceEvent, startSimulator } from '../../src/simulator';
import type { EventGridEvent, SimPrincipal } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';
import { startAzurite } from '../../src/store/azurite';
import { count, ms, printTable } from './stats';

const WARD_OID = 'a0a0a0a0-0000-4000-8000-00000000be01';
const USER_OID = 'b0b0b0b0-0000-4000-8000-00000000be02';

export interface ReadsBenchOptions {
  /** Distinct resources that change. */
  resources: number;
  /** Share of them changed several times in a burst (a deployment touching one resource). */
  burstShare: number;
  /** Extra writes per bursting resource. */
  burstWrites: number;
  /** Share of events Event Grid delivers twice (at least once). */
  duplicateShare: number;
  /** Deliveries handled at once (Function instances / concurrency). */
  concurrency: number;
}

/** A deterministic stand-in for Math.random, so two runs deliver the same events. */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        if (item !== undefined) await work(item);
      }
    }),
  );
}

/**
 * (c) ARM reads per event: write events (someone else's changes) to a generated estate are
 * delivered through the real resourceChanges handler to a ward on Azurite and the simulator,
 * in dry run (so every read is the pipeline's, none is a verify). Bursts and duplicates are
 * what coalescing and dedupe are for; the client-side buckets keep ward under ARM's limits.
 */
export async function benchReadsPerEvent(options: ReadsBenchOptions): Promise<void> {
  const seed = generateEstate({ resources: Math.max(2_000, options.resources * 3), seed: 11 });
  const sim = await startSimulator({ seed, lro: { polls: 1, retryAfterSeconds: 0 } });
  const azurite = await startAzurite({ inMemory: true });
  try {
    const ward = await createWard({
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      credential: new SimulatorCredential({ oid: WARD_OID, tid: seed.tenantId, name: 'ward' }),
      tables: { connectionString: azurite.connectionString },
      tablePrefix: `bench${Date.now().toString(36)}`,
      policy: policySchema.parse({ dryRun: true }),
      principalId: WARD_OID,
      subscriptions: seed.subscriptions.map((s) => s.subscriptionId),
      teams: {},
      logger: pino({ level: 'silent' }),
      verify: { attempts: 1, delayMs: 0 },
    });
    try {
      const random = sequence(5);
      const targets = seed.resources
        .filter((r) => isReadableType(r.type))
        .slice(0, options.resources);
      const user: SimPrincipal = {
        id: USER_OID,
        oid: USER_OID,
        tid: seed.tenantId,
        name: 'dana@contoso.example',
        claims: {},
      };
      const base = Date.now() - 60_000;
      const events: EventGridEvent[] = [];
      targets.forEach((target, index) => {
        const writes = random() < options.burstShare ? 1 + options.burstWrites : 1;
        for (let w = 0; w < writes; w += 1) {
          events.push(
            resourceEvent({
              kind: 'write',
              id: randomUUID(),
              resourceId: target.id,
              operationName: `${target.type}/write`,
              principal: user,
              tenantId: seed.tenantId,
              correlationId: randomUUID(),
              eventTime: new Date(base + index * 10 + w),
            }),
          );
        }
      });
      const unique = events.length;
      for (const event of events.slice(0, unique)) {
        if (random() < options.duplicateShare) events.push(event);
      }
      // Event Grid does not keep order.
      events.sort(() => random() - 0.5);

      // The body of functions/resource-changes.ts (that file also registers with the host).
      const handler = makeSignalTrigger('eventgrid', () => Promise.resolve(ward.useCases));
      let invocation = 0;
      let failed = 0;
      const quiet = (): void => undefined;
      sim.counters.reset();
      const started = performance.now();
      await pool(events, options.concurrency, async (event) => {
        invocation += 1;
        const context = {
          invocationId: `bench-${String(invocation)}`,
          functionName: 'resourceChanges',
          info: quiet,
          warn: quiet,
          error: () => {
            failed += 1;
          },
        };
        await handler(event, context);
      });
      const elapsed = performance.now() - started;
      const wardCounts = sim.counters.snapshot().byPrincipal[WARD_OID];
      const reads = wardCounts?.reads ?? 0;
      const counters = ward.counters();
      printTable(
        `(c) ARM reads per event: ${count(events.length)} events about ${count(targets.length)} resources, ` +
          `${String(options.concurrency)} at a time, dry run`,
        [
          ['events delivered (incl. duplicates)', count(events.length)],
          ['  of which duplicates', count(events.length - unique)],
          ['  of which burst writes to a resource already changed', count(unique - targets.length)],
          [
            'dropped as duplicates / coalesced',
            `${count(counters.duplicates)} / ${count(counters.coalesced)}`,
          ],
          ['resources evaluated', count(counters.evaluated)],
          ['ARM reads by ward (resource + related)', count(reads)],
          ['reads per delivered event', (reads / events.length).toFixed(2)],
          ['reads per evaluated resource', (reads / Math.max(1, counters.evaluated)).toFixed(2)],
          ['writes by ward', count((wardCounts?.writes ?? 0) + (wardCounts?.actions ?? 0))],
          ['429 answers to ward', count(wardCounts?.throttled ?? 0)],
          ['deliveries that failed', count(failed)],
          ['wall time', ms(elapsed)],
        ],
      );
    } finally {
      await ward.close();
    }
  } finally {
    await azurite.stop();
    await sim.stop();
  }
}
