// A first sweep of a generated estate, in dry run, counting what reaches the Teams channel: the
// messages posted, the largest one, and the findings no posted message names (the noise budget
// promises at most a few dozen messages with every finding reachable). Figures only.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import pino from 'pino';
import { createWard } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import { itemName } from '../../src/notify/digest/digest-card';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';
import { startAzurite } from '../../src/store/azurite';
import { count, ms, printTable } from './stats';

const WARD_OID = 'a0a0a0a0-0000-4000-8000-00000000be21';

export interface TeamsSweepOptions {
  resources: number;
  subscriptions: number;
  sweepConcurrency: number;
}

export async function benchTeamsSweep(options: TeamsSweepOptions): Promise<void> {
  const seed = generateEstate({
    resources: options.resources,
    seed: 12,
    subscriptions: options.subscriptions,
  });
  const sim = await startSimulator({ seed, lro: { polls: 1, retryAfterSeconds: 0 } });
  const azurite = await startAzurite({ inMemory: true });
  const posts: string[] = [];
  // Every request to Tables, counted as it leaves ward's pipeline (retries included).
  let tableRequests = 0;
  const countTables: PipelinePolicy = {
    name: 'benchCountTables',
    sendRequest: (request, next) => {
      tableRequests += 1;
      return next(request);
    },
  };
  try {
    const ward = await createWard({
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      credential: new SimulatorCredential({ oid: WARD_OID, tid: seed.tenantId, name: 'ward' }),
      tables: {
        connectionString: azurite.connectionString,
        clientOptions: {
          additionalPolicies: [{ policy: countTables, position: 'perRetry' }],
        },
      },
      tablePrefix: `teamssweep${Date.now().toString(36)}`,
      policy: policySchema.parse({ dryRun: true }),
      principalId: WARD_OID,
      subscriptions: seed.subscriptions.map((s) => s.subscriptionId),
      teams: {
        webhookUrl: 'https://teams.example.test/workflows/bench/triggers/manual/paths/invoke',
        // The channel: every post is kept and answered as a Workflows trigger answers.
        fetch: (_url, init) => {
          posts.push(typeof init?.body === 'string' ? init.body : '');
          return Promise.resolve(new Response(null, { status: 202 }));
        },
      },
      logger: pino({ level: 'silent' }),
      verify: { attempts: 1, delayMs: 0 },
      sweepConcurrency: options.sweepConcurrency,
    });
    const started = performance.now();
    const digest = await ward.sweep({
      invocationId: 'bench-teams-sweep',
      functionName: 'sweep',
      firedAt: new Date().toISOString(),
      isPastDue: false,
    });
    const elapsed = performance.now() - started;
    const decisions = (await ward.ledger.listAll()).filter(
      (entry) => entry.kind === 'decision' && entry.ruleId !== undefined && entry.verb !== 'none',
    );
    const text = posts.join('\n');
    const unreached = decisions.filter(
      (entry) => !text.includes(JSON.stringify(itemName(entry.resourceId)).slice(1, -1)),
    ).length;
    const largest = Math.max(0, ...posts.map((post) => Buffer.byteLength(post, 'utf8')));
    await ward.close();
    printTable(
      `teams sweep: ${count(options.resources)} resources over ${String(options.subscriptions)} subscriptions (dry run, concurrency ${String(options.sweepConcurrency)})`,
      [
        ['resources read', count(digest.resources)],
        ['secrets read', count(digest.secrets)],
        ['findings', count(decisions.length)],
        ['failed signals', count(digest.failed)],
        ['ARM reads (ward)', count(sim.counters.snapshot().byPrincipal[WARD_OID]?.reads ?? 0)],
        ['Tables requests', count(tableRequests)],
        ['Teams messages', count(posts.length)],
        ['largest message', `${count(largest)} bytes`],
        ['findings no message names', count(unreached)],
        ['sweep time', ms(elapsed)],
      ],
    );
  } finally {
    await sim.stop();
    await azurite.stop();
  }
}
