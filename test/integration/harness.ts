import { Writable } from 'node:stream';
import pino from 'pino';
import { inject } from 'vitest';
import { InvocationContext } from '@azure/functions';
import { createWard } from '../../src/app/create-ward';
import { createAzureClients, type AzureClients } from '../../src/azure/clients';
import { parseResourceId } from '../../src/azure/resource-id';
import { ThrottleBuckets } from '../../src/azure/throttle';
import type { Ward, WardOptions } from '../../src/app/create-ward';
import { policySchema } from '../../src/config/policy';
import type { Policy, PolicyInput } from '../../src/config/policy';
import { parseEvents } from '../../src/events';
import type { ChangeSignal } from '../../src/domain';
import { redactingPinoOptions } from '../../src/notify/redact';
import { SimulatorCredential, startSimulator } from '../../src/simulator';
import type { EventGridEvent, Simulator, SimulatorOptions } from '../../src/simulator';
import type { Seed } from '../../src/simulator/seed/format';
import { makeResourceChangesHandler } from '../../functions/resource-changes';
import { makeKeyVaultSecretEventsHandler } from '../../functions/keyvault-secret-events';
import { ALICE_PRINCIPAL_ID, WARD_PRINCIPAL_ID } from '../support/simulator';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import { startTeamsReceiver } from '../support/teams-receiver';
import type { TeamsReceiver } from '../support/teams-receiver';

/** ward's principal in these tests; the simulator counts its reads and writes under it. */
export const WARD_OID = WARD_PRINCIPAL_ID;
/** A person changing resources (the insecure change ward reacts to). */
export const ALICE_OID = ALICE_PRINCIPAL_ID;

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface WardHarness {
  sim: Simulator;
  ward: Ward;
  teams: TeamsReceiver;
  /** The tenant approvers sign in with (tokens the approval page verifies). */
  signIn: TestSignIn;
  logs: LogLine[];
  /** Every event the simulator published since start (or since `clearEvents`). */
  events(): EventGridEvent[];
  clearEvents(): void;
  /** Writes made with ward's identity, as the simulator counted them. */
  wardWrites(): number;
  /** Delivers events through the real Event Grid handlers (resource and Key Vault triggers). */
  deliver(events: readonly unknown[]): Promise<void>;
  /** Runs one signal through the use case directly. */
  handle(signal: ChangeSignal): Promise<void>;
  /** The Teams messages received, parsed. */
  cards(): { title: string; text: string }[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  seed: Seed;
  policy?: PolicyInput;
  sim?: Omit<SimulatorOptions, 'seed'>;
  ward?: Partial<Omit<WardOptions, 'policy'>>;
}

let prefixCounter = 0;

function tablePrefix(): string {
  prefixCounter += 1;
  return `it${process.pid.toString(36)}${Date.now().toString(36)}n${prefixCounter}`;
}

function texts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) texts(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'text' && typeof item === 'string') out.push(item);
      else texts(item, out);
    }
  }
  return out;
}

export function policyOf(input: PolicyInput = {}): Policy {
  return policySchema.parse(input);
}

/** A simulator with the given estate, Azurite tables of its own, a Teams receiver and a ward. */
export async function startWardHarness(options: HarnessOptions): Promise<WardHarness> {
  const sim = await startSimulator({
    seed: options.seed,
    lro: { polls: 1, retryAfterSeconds: 0 },
    ...options.sim,
  });
  const teams = await startTeamsReceiver();
  const signIn = await startTestSignIn();
  const logs: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const webhookUrl = teams.url('canary-signature-0123456789');
  const logger = pino({ level: 'debug', ...redactingPinoOptions([webhookUrl]) }, stream);
  const published: EventGridEvent[] = [];
  const subscription = sim.events.subscribe((batch) => {
    published.push(...batch);
    return Promise.resolve();
  });
  const ward = await createWard({
    armEndpoint: sim.armUrl,
    ca: sim.ca,
    credential: new SimulatorCredential({
      oid: WARD_OID,
      tid: options.seed.tenantId,
      name: 'ward',
    }),
    tables: { connectionString: inject('azuriteConnectionString') },
    tablePrefix: tablePrefix(),
    policy: policyOf(options.policy),
    principalId: WARD_OID,
    subscriptions: options.seed.subscriptions.map((s) => s.subscriptionId),
    approvalBaseUrl: 'https://ward.example.test',
    approvalSignIn: signIn.settings,
    teams: { webhookUrl, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } },
    logger,
    verify: { attempts: 3, delayMs: 5 },
    retryOptions: { maxRetries: 4, retryDelayInMs: 20, maxRetryDelayInMs: 200 },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    ...options.ward,
  });
  const resourceHandler = makeResourceChangesHandler(() => Promise.resolve(ward.useCases));
  const secretHandler = makeKeyVaultSecretEventsHandler(() => Promise.resolve(ward.useCases));
  let invocation = 0;
  const context = (functionName: string): InvocationContext => {
    invocation += 1;
    return new InvocationContext({
      invocationId: `inv-${invocation}`,
      functionName,
      logHandler: (level, ...args) => {
        logs.push({
          level: level === 'error' ? 50 : level === 'warning' ? 40 : 30,
          msg: String(args[0]),
          args,
        });
      },
    });
  };
  return {
    sim,
    ward,
    teams,
    signIn,
    logs,
    events: () => [...published],
    clearEvents: () => {
      published.length = 0;
    },
    wardWrites: () => {
      const counts = sim.counters.snapshot().byPrincipal[WARD_OID];
      return (counts?.writes ?? 0) + (counts?.actions ?? 0) + (counts?.deletes ?? 0);
    },
    async deliver(events) {
      for (const event of events) {
        const type = (event as { eventType?: unknown }).eventType;
        if (typeof type === 'string' && type.startsWith('Microsoft.KeyVault.')) {
          await secretHandler(event, context('keyVaultSecretEvents'));
        } else {
          await resourceHandler(event, context('resourceChanges'));
        }
      }
    },
    async handle(signal) {
      invocation += 1;
      await ward.useCases.handleSignal(signal, {
        invocationId: `inv-${invocation}`,
        functionName: 'test',
      });
    },
    cards: () =>
      teams.posts.map((post) => {
        const all = texts(JSON.parse(post.body));
        return { title: all[0] ?? '', text: all.join('\n') };
      }),
    async stop() {
      subscription.unsubscribe();
      await ward.close();
      await teams.close();
      await signIn.close();
      await sim.stop();
    },
  };
}

/** Signals from the events the simulator published (what Event Grid would deliver). */
export function signalsOf(events: readonly unknown[]): ChangeSignal[] {
  return parseEvents(events).signals;
}

/** Clients signed as Alice: the person whose insecure change ward undoes. */
export function aliceCredential(seed: Seed): SimulatorCredential {
  return new SimulatorCredential({
    oid: ALICE_OID,
    tid: seed.tenantId,
    name: 'alice@contoso.example',
  });
}

/** Alice's ARM clients against the harness's simulator (her changes are what ward reacts to). */
export function aliceClients(
  harness: Pick<WardHarness, 'sim'>,
  subscriptionId: string,
): AzureClients {
  return createAzureClients({
    credential: aliceCredential(harness.sim.seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId,
  });
}

/** Alice changes properties of a resource through ARM, as a person in the portal would. */
export async function aliceUpdates(
  harness: Pick<WardHarness, 'sim'>,
  resourceId: string,
  apiVersion: string,
  properties: Record<string, unknown>,
): Promise<void> {
  const { subscriptionId } = parseResourceId(resourceId);
  const client = await aliceClients(harness, subscriptionId).resources(subscriptionId);
  await client.resources.beginUpdateByIdAndWait(resourceId.slice(1), apiVersion, { properties });
}
