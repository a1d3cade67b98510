/**
 * The fault matrix: two ward processes (as a scaled-out Flex Consumption app runs them, each a
 * node process of its own running the Event Grid trigger's handler) handle the same event stream
 * at once over one Azurite and one simulator, each event delivered to both, while one fault is
 * injected. Event Grid is played by a loop that delivers again what failed, later
 * (the wards' clocks move past the event lease between rounds). The figures: events, changes
 * applied, changes applied twice, findings lost, decisions recorded twice, alerts.
 * Used by test/reliability/matrix.test.ts and `npm run reliability` (docs/reliability.md).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createWard, type Ward } from '../../src/app/create-ward';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { policySchema } from '../../src/config/policy';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import type { EventGridEvent, Simulator } from '../../src/simulator';
import type { FaultSpec } from '../../src/simulator/faults';
import { cognitiveAccount, storageAccount } from '../../src/simulator/seed/bodies';
import type { Seed } from '../../src/simulator/seed/format';
import { startAzurite, type AzuriteInstance } from '../../src/store/azurite';
import { startRelay } from './relay';
import { startWardProcess, type WardProcess } from './scale-out';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SUB = '22222222-2222-4222-8222-222222222222';
const WARD = 'a0a0a0a0-0000-4000-8000-00000000000a';
const ALICE = 'b1b1b1b1-0000-4000-8000-0000000000b1';
const SCOPE = {
  tenantId: TENANT,
  subscriptionId: SUB,
  resourceGroup: 'rg-matrix',
  location: 'westeurope',
};
const STORAGE_COUNT = 6;
const COGNITIVE_COUNT = 2;
/** Event Grid's later retries come after the lease: each round moves the clocks this far. */
const ROUND_MS = 10 * 60_000;
const MAX_ROUNDS = 6;

export const SCENARIOS = [
  'baseline',
  '429 storm',
  '5xx on reads',
  '5xx on writes',
  '5xx on polls',
  'connection resets',
  'LRO failure',
  'Azurite killed and restarted',
  'Teams down',
  'ticket API down',
  'process killed after claim',
  'process killed after intent',
  'process killed after write',
  'clock skew',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Figures {
  scenario: Scenario;
  /** Ward processes that handled the stream (a killed one and its replacement both count). */
  processes: number;
  events: number;
  deliveries: number;
  /** Deliveries given back (thrown) and delivered again. */
  redelivered: number;
  applied: number;
  appliedTwice: number;
  lost: number;
  decisionsTwice: number;
  alerts: number;
}

const storages = Array.from({ length: STORAGE_COUNT }, (_, i) =>
  storageAccount(SCOPE, {
    name: `stmatrix${String(i).padStart(2, '0')}`,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Disabled',
  }),
);
const cognitives = Array.from({ length: COGNITIVE_COUNT }, (_, i) =>
  cognitiveAccount(SCOPE, {
    name: `oai-matrix-${i}`,
    kind: 'OpenAI',
    publicNetworkAccess: 'Disabled',
    disableLocalAuth: true,
    principalId: `33333333-3333-4333-8333-00000000000${i}`,
  }),
);
const seed: Seed = {
  tenantId: TENANT,
  subscriptions: [{ subscriptionId: SUB, displayName: 'matrix' }],
  resources: [...storages, ...cognitives],
  secrets: [],
};

function policyInput(scenario: Scenario): Record<string, unknown> {
  return {
    rules: {
      'diagnostic-settings-enabled': { mode: 'off' },
      'cognitive-local-auth-disabled': { mode: 'auto' },
      // One finding per storage account goes to a ticket: the ticket path is exercised too.
      'storage-shared-key-disabled': { mode: scenario === 'ticket API down' ? 'ticket' : 'off' },
    },
    guardrails: { budget: { maxChanges: 100, maxChangesPerSubscription: 100 } },
    tickets: scenario === 'ticket API down' ? { target: 'webhook', webhookUrlSetting: 'T' } : {},
  };
}

/** A webhook that answers every post with `status`, counting them. */
async function startEndpoint(
  status: number,
): Promise<{ url: string; posts: () => number; close(): Promise<void> }> {
  let posts = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts += 1;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/workflows/hook`,
    posts: () => posts,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

const WARD_REQUESTS = { principal: WARD };

/** The simulator's faults per scenario (the others fault something else, or nothing). */
const FAULTS: Partial<Record<Scenario, FaultSpec[]>> = {
  '429 storm': [{ kind: '429', retryAfterSeconds: 0, times: 40, match: WARD_REQUESTS }],
  '5xx on reads': [
    { kind: '503', retryAfterSeconds: 0, times: 30, match: { ...WARD_REQUESTS, method: 'GET' } },
  ],
  '5xx on writes': [{ kind: '500', times: 20, match: { ...WARD_REQUESTS, method: 'PATCH' } }],
  '5xx on polls': [
    {
      kind: '503',
      retryAfterSeconds: 0,
      times: 200,
      match: { ...WARD_REQUESTS, method: 'GET', pathPattern: 'operationStatuses' },
    },
  ],
  'connection resets': [{ kind: 'reset', times: 25, match: WARD_REQUESTS }],
  'LRO failure': [
    {
      kind: 'failed-lro',
      times: Infinity,
      match: { ...WARD_REQUESTS, method: 'PATCH', pathPattern: 'oai-matrix' },
    },
  ],
};

function faultsFor(scenario: Scenario): FaultSpec[] {
  return FAULTS[scenario] ?? [];
}

const quietLogger = (): pino.Logger =>
  pino(
    { level: 'info' },
    new Writable({
      write(_chunk, _encoding, done) {
        done();
      },
    }),
  );

/** One of the two instances: its process now (a killed one is replaced) and its clock offset. */
interface Instance {
  process: WardProcess;
  offsetMs: number;
}

/** Runs one scenario end to end and answers its figures. */
export async function runScenario(scenario: Scenario, sharedAzurite: string): Promise<Figures> {
  const sim: Simulator = await startSimulator({ seed, lro: { polls: 1, retryAfterSeconds: 0 } });
  const published: EventGridEvent[] = [];
  const subscription = sim.events.subscribe((batch) => {
    published.push(...batch);
    return Promise.resolve();
  });
  const teams = await startEndpoint(scenario === 'Teams down' ? 500 : 202);
  const tickets = await startEndpoint(scenario === 'ticket API down' ? 503 : 202);
  // Azurite killed and restarted: a store of its own behind a relay, so its port can change.
  let own: AzuriteInstance | undefined;
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  let connectionString = sharedAzurite;
  const dir = `/tmp/ward-matrix-azurite-${process.pid}-${Date.now()}`;
  if (scenario === 'Azurite killed and restarted') {
    own = await startAzurite({ inMemory: false, dir });
    const port = Number(new URL(own.tableUrl).port);
    relay = await startRelay(port);
    connectionString = own.connectionString.replace(`:${port}/`, `:${relay.port}/`);
  }
  const tablePrefix = `mx${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const kill = /^process killed after (claim|intent|write)$/.exec(scenario);
  const crashAt = kill
    ? ({ claim: 'claimed', intent: 'intent', write: 'written' } as const)[
        kill[1] as 'claim' | 'intent' | 'write'
      ]
    : 'none';
  const processes: WardProcess[] = [];
  const startProcess = async (crash: typeof crashAt): Promise<WardProcess> => {
    const started = await startWardProcess({
      armUrl: sim.armUrl,
      ca: sim.ca,
      connectionString,
      tablePrefix,
      tenantId: TENANT,
      principalId: WARD,
      subscriptions: [SUB],
      policy: policyInput(scenario),
      teamsUrl: teams.url,
      ticketsUrl: tickets.url,
      crashAt: crash,
    });
    processes.push(started);
    return started;
  };
  // The parent reads the ledger only; it handles no event.
  let reader: Ward | undefined;
  try {
    reader = await createWard({
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      credential: new SimulatorCredential({ oid: WARD, tid: TENANT, name: 'ward' }),
      tables: { connectionString },
      tablePrefix,
      policy: policySchema.parse(policyInput(scenario)),
      principalId: WARD,
      subscriptions: [SUB],
      approvalBaseUrl: 'https://ward.example.test',
      teams: {},
      logger: quietLogger(),
      verify: { attempts: 1, delayMs: 0 },
    });
    // Two minutes apart in all, within the event lease (5 minutes): leases are judged on each
    // host's clock, so ward needs hosts that agree within the lease (docs/reliability.md).
    const skew = scenario === 'clock skew' ? 60_000 : 0;
    // The first instance is the one killed in the kill scenarios.
    const [first, second] = await Promise.all([startProcess(crashAt), startProcess('none')]);
    const a: Instance = { process: first, offsetMs: skew };
    const b: Instance = { process: second, offsetMs: -skew };
    const instances = [a, b];

    // The insecure changes, by a person: one event each.
    const alice = createAzureClients({
      credential: new SimulatorCredential({
        oid: ALICE,
        tid: TENANT,
        name: 'alice@contoso.example',
      }),
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      throttle: new ThrottleBuckets(),
      subscriptionId: SUB,
    });
    const arm = await alice.resources(SUB);
    await Promise.all([
      ...storages.map((s) =>
        arm.resources.beginUpdateByIdAndWait(s.id.slice(1), '2025-08-01', {
          properties: {
            minimumTlsVersion: 'TLS1_0',
            ...(scenario === 'ticket API down' ? { allowSharedKeyAccess: true } : {}),
          },
        }),
      ),
      ...cognitives.map((c) =>
        arm.resources.beginUpdateByIdAndWait(c.id.slice(1), '2024-10-01', {
          properties: { disableLocalAuth: false },
        }),
      ),
    ]);
    await sim.events.flush();
    const events = published.filter((e) => JSON.stringify(e).includes(ALICE));
    published.length = 0;
    for (const spec of faultsFor(scenario)) sim.faults.add(spec);

    // The killed instance dies (SIGKILL) the moment one of its handlings reaches the step: its
    // other handlings in flight die with it. The host starts a new process in its place.
    const crash = { reached: false };
    const killing = kill
      ? a.process.checkpointReached.then(() => {
          crash.reached = true;
          return a.process.kill();
        })
      : undefined;

    let deliveries = 0;
    let redelivered = 0;
    // Each event to both wards at once, in an order of its own per ward.
    let pending: { event: unknown; instance: Instance }[] = [
      ...events.map((event) => ({ event, instance: a })),
      ...[...events].reverse().map((event) => ({ event, instance: b })),
    ];
    const deliver = (item: { event: unknown; instance: Instance }): Promise<boolean> => {
      deliveries += 1;
      return item.instance.process.deliver(item.event, item.instance.offsetMs);
    };
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round += 1) {
      if (round === 0 && relay && own) {
        // Azurite dies while the first round runs, and comes back on another port.
        const running = Promise.all(
          pending.map(async (item) => ({ item, ok: await deliver(item) })),
        );
        await new Promise((resolve) => setTimeout(resolve, 150));
        process.kill(own.pid, 'SIGKILL');
        relay.cut();
        const results = await running;
        own = await startAzurite({ inMemory: false, dir });
        relay.restore(Number(new URL(own.tableUrl).port));
        pending = results.filter((r) => !r.ok).map((r) => r.item);
      } else if (round === 0 && killing) {
        // The second process joins once the first is inside the step where it dies (or is
        // done): otherwise the second could claim every event first and nothing would die.
        const run = (items: typeof pending) =>
          Promise.all(items.map(async (item) => ({ item, ok: await deliver(item) })));
        const first = run(pending.filter((item) => item.instance === a));
        await Promise.race([a.process.checkpointReached, first]);
        const second = run(pending.filter((item) => item.instance === b));
        const results = [...(await first), ...(await second)];
        pending = results.filter((r) => !r.ok).map((r) => r.item);
      } else {
        const results = await Promise.all(
          pending.map(async (item) => ({ item, ok: await deliver(item) })),
        );
        pending = results.filter((r) => !r.ok).map((r) => r.item);
      }
      if (round === 0 && killing) {
        if (!crash.reached)
          throw new Error(`no ward process reached ${crashAt} to be killed there`);
        await killing;
        a.process = await startProcess('none');
      }
      redelivered += pending.length;
      // Event Grid's next retry comes later: past the event lease.
      for (const instance of instances) instance.offsetMs += ROUND_MS;
      if (round >= 1) sim.faults.clear();
    }
    await sim.events.flush();
    sim.settleOperations();

    const ledger = await reader.ledger.listAll();
    const ownWrites = published.filter((e) => JSON.stringify(e).includes(WARD));
    const writesPer = new Map<string, number>();
    for (const event of ownWrites) {
      const { subject } = event as { subject?: unknown };
      const key = typeof subject === 'string' ? subject.toLowerCase() : '';
      writesPer.set(key, (writesPer.get(key) ?? 0) + 1);
    }
    const fixed = (id: string): boolean => {
      const body = sim.state.get(id);
      return id.includes('storageAccounts')
        ? body?.properties?.minimumTlsVersion === 'TLS1_2'
        : body?.properties?.disableLocalAuth === true;
    };
    const ids = [...storages, ...cognitives].map((r) => r.id);
    const recorded = (id: string): boolean =>
      ledger.some(
        (e) =>
          e.kind === 'action' &&
          e.resourceId?.toLowerCase() === id.toLowerCase() &&
          (e.outcome === 'succeeded' || e.outcome === 'unknown'),
      );
    const decisionKeys = new Map<string, number>();
    for (const e of ledger.filter((x) => x.kind === 'decision' && x.fingerprint)) {
      const key = `${e.eventId ?? ''}|${e.fingerprint ?? ''}`;
      decisionKeys.set(key, (decisionKeys.get(key) ?? 0) + 1);
    }
    return {
      scenario,
      processes: processes.length,
      events: events.length,
      deliveries,
      redelivered,
      applied: ids.filter(fixed).length,
      appliedTwice: [...writesPer.values()].filter((n) => n > 1).length,
      lost: ids.filter((id) => !fixed(id) || !recorded(id)).length + pending.length,
      decisionsTwice: [...decisionKeys.values()].filter((n) => n > 1).length,
      alerts: ledger.filter((e) => e.kind === 'alert').length,
    };
  } finally {
    subscription.unsubscribe();
    await Promise.allSettled(processes.map((p) => p.stop()));
    await reader?.close();
    await teams.close();
    await tickets.close();
    await sim.stop();
    await relay?.close();
    await own?.stop().catch(() => undefined);
  }
}
