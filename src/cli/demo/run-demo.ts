import { randomUUID } from 'node:crypto';
import { InvocationContext, type Timer } from '@azure/functions';
import { pino, type DestinationStream } from 'pino';
import { makeKeyVaultSecretEventsHandler } from '../../../functions/keyvault-secret-events';
import { makeResourceChangesHandler } from '../../../functions/resource-changes';
import { makeSweepHandler } from '../../../functions/sweep';
import { createWard, type Ward, type WardActivity } from '../../app/create-ward';
import type { WardUseCases } from '../../app/ports';
import type { Policy } from '../../config/policy';
import { startApprovalServer, type ApprovalServer } from '../../demo/approval-server';
import { assertNotInAzure, DEV_PRINCIPALS } from '../../demo/dev-signin';
import { DemoError } from '../../demo/errors';
import { startTeamsStandIn, type TeamsStandIn } from '../../demo/teams-standin';
import { isKeyVaultSecretEventType } from '../../events/event-types';
import { SimulatorCredential, type EventGridEvent, type Simulator } from '../../simulator';
import { startAzurite, type AzuriteInstance } from '../../store';
import { startBundledSimulator } from './bundled-simulator';
import { DEMO_WARD_PRINCIPAL } from './principals';
import { dataScientistChanges } from './scenario';
import { demoEventFilter, type DemoEventTopic } from './event-topic';
import {
  demoTicketCounts,
  startDemoTickets,
  type DemoTicketCounts,
  type DemoTickets,
} from './ticket-system';
import { removeDemoSession, writeDemoSession } from './session';

export const DEMO_TABLE_PREFIX = 'demo';

/** The `ward demo --format json` summary: a contract other tools read. */
export interface DemoSummary {
  events: number;
  findings: number;
  remediated: number;
  approvalsPending: number;
  ticketed: number;
  audited: number;
  errors: number;
  ledgerEntries: number;
  teamsMessages: number;
  approvalUrls: string[];
  /** Pending approvals whose link is on a card posted to Teams (a digest or their own card). */
  approvalsInTeams: number;
  /** What the ticket system's stand-in holds, when the policy files tickets there. */
  tickets?: DemoTicketCounts;
}

/**
 * Who was behind a write made with ward's identity: ward's own fix, or a person's `ward undo`
 * (it writes with ward's identity too), from the newest action the ledger holds on the resource.
 */
export interface OwnWrite {
  by: 'ward' | 'undo';
  summary: string;
  ledgerId?: string;
}

/** What the demo reports while it runs; the command turns these into lines. */
export type DemoProgress =
  | {
      type: 'started';
      what: string;
      detail: string;
      /** Vault data-plane URLs and names, so secret ids can be shown by vault name. */
      vaults?: { url: string; name: string }[];
    }
  | { type: 'phase'; title: string; story: string }
  | { type: 'event'; event: EventGridEvent }
  | { type: 'activity'; activity: WardActivity; ownWrite?: OwnWrite }
  | { type: 'failure'; message: string }
  | { type: 'digest'; items: number; cards: number };

export interface DemoRun {
  summary: DemoSummary;
  urls: { teams: string; signIn: string; approvalsQueue: string; tickets?: string };
  /** Everything ward reported, in order. */
  activities: readonly WardActivity[];
  /** The running parts, for callers that look further (tests, --keep). */
  handles: {
    ward: Ward;
    sim: Simulator;
    teams: TeamsStandIn;
    approvals: ApprovalServer;
    tickets?: DemoTickets;
  };
  /** Serves until `stop` (for --keep); resolves once everything has stopped. */
  stop(): Promise<void>;
}

export interface DemoOptions {
  policy: Policy;
  now: () => Date;
  env: Readonly<Record<string, string | undefined>>;
  progress: (update: DemoProgress) => void;
  /** Where ward's own log lines go (errors only: the progress shows the rest). */
  log: DestinationStream;
  /** Longest the demo waits for events to drain after each step. */
  drainTimeoutMs?: number;
  /** Where to write the session file `ward undo --simulator` reads; none when absent. */
  sessionFile?: string;
  /** The topic resource changes arrive through (default: the subscription topic). */
  events?: DemoEventTopic;
}

/** The newest action on a resource tells ward's own fix from a person's `ward undo`. */
async function ownWriteOf(ward: Ward, resourceId: string): Promise<OwnWrite | undefined> {
  const entries = await ward.ledger.listByResource(resourceId).catch(() => []);
  const last = entries.filter((entry) => entry.kind === 'action').at(-1);
  const summary = last?.summary ?? '';
  // A fix's own event can arrive before the fix is recorded: only an undo names itself here.
  return last && summary.startsWith('undo of')
    ? { by: 'undo', summary, ledgerId: last.id }
    : { by: 'ward', summary: 'a fix or change ward made' };
}

const FAST_RETRY = { maxRetries: 3, retryDelayInMs: 50, maxRetryDelayInMs: 500 };

function contextFor(functionName: string, onError: (message: string) => void): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    logHandler: (level, ...args) => {
      if (level === 'error') {
        onError(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      }
    },
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DemoError('DEMO_FAILED', `${what} did not finish within ${ms / 1000}s`));
    }, ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs ward on the embedded default: Azurite and the simulator with the insecure estate, the
 * Event Grid handlers from functions/ subscribed in-process, the approval server with its
 * development sign-in and the Teams stand-in. Sweeps once, plays a data scientist's changes,
 * waits for every event to be handled and resolves with the summary; `stop()` tears it down.
 */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const { progress } = options;
  // The development sign-in must never run in Azure: refuse before starting anything.
  assertNotInAzure(options.env);
  const drainTimeoutMs = options.drainTimeoutMs ?? 40_000;
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (const stop of stack.splice(0).reverse()) {
      try {
        await stop();
      } catch (cause) {
        failures.push(cause);
      }
    }
    if (failures.length > 0) {
      throw new DemoError(
        'DEMO_FAILED',
        `stopping the demo failed: ${failures.map(String).join('; ')}`,
      );
    }
  };

  try {
    const azurite: AzuriteInstance = await startAzurite({ inMemory: true });
    stack.push(() => azurite.stop());
    progress({
      type: 'started',
      what: 'Azurite',
      detail: `${azurite.tableUrl} (pid ${azurite.pid})`,
    });

    const topic = options.events ?? 'subscription';
    const sim: Simulator = await startBundledSimulator({
      now: options.now(),
      rbac: true,
      ...(topic === 'arn' ? { events: { resourceNotifications: true } } : {}),
    });
    stack.push(() => sim.stop());
    progress({
      type: 'started',
      what: 'simulator',
      detail: `${sim.armUrl}: ${sim.state.all().length} resources in ${sim.subscriptions.length} subscriptions`,
      vaults: sim.state.list({ type: 'Microsoft.KeyVault/vaults' }).flatMap((vault) => {
        const url = vault.properties?.vaultUri;
        return typeof url === 'string' ? [{ url, name: vault.name }] : [];
      }),
    });

    const teams: TeamsStandIn = await startTeamsStandIn({ now: options.now });
    stack.push(() => teams.close());
    progress({ type: 'started', what: 'Teams stand-in', detail: teams.origin });

    const tickets = await startDemoTickets(options.policy, options.now);
    if (tickets) {
      stack.push(() => tickets.standIn.close());
      progress({
        type: 'started',
        what: `${tickets.standIn.system} stand-in`,
        detail: `${tickets.standIn.origin}/_standin/`,
      });
    }

    // The approval server starts first (ward needs its URL); it gets the use cases once built.
    const running: { useCases?: WardUseCases } = {};
    const getUseCases = (): Promise<WardUseCases> =>
      running.useCases
        ? Promise.resolve(running.useCases)
        : Promise.reject(new DemoError('DEMO_FAILED', 'ward is not running yet'));
    const approvals: ApprovalServer = await startApprovalServer({ getUseCases, env: options.env });
    stack.push(() => approvals.close());
    progress({
      type: 'started',
      what: 'approval server',
      detail: `${approvals.origin}/.auth/login`,
    });

    const subscriptions = sim.subscriptions.map((s) => s.subscriptionId);
    const ward: Ward = await createWard({
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      credential: new SimulatorCredential({ ...DEMO_WARD_PRINCIPAL, tid: sim.tenantId }),
      tables: { connectionString: azurite.connectionString },
      tablePrefix: DEMO_TABLE_PREFIX,
      policy: tickets?.policy ?? options.policy,
      principalId: DEMO_WARD_PRINCIPAL.oid,
      subscriptions,
      ...(tickets
        ? { ticketSystems: { ca: tickets.standIn.ca, baseDelayMs: 20, maxRetryAfterMs: 2_000 } }
        : {}),
      approvalBaseUrl: approvals.origin,
      approvalSignIn: approvals.signInSettings,
      undoCommand: (ledgerId) => `npx ward undo ${ledgerId} --simulator`,
      teams: { webhookUrl: teams.webhookUrl, retry: { attempts: 3, baseDelayMs: 20 } },
      now: options.now,
      logger: pino({ level: 'error', base: { app: 'ward-demo' } }, options.log),
      verify: { attempts: 10, delayMs: 50 },
      retryOptions: FAST_RETRY,
      maxRetryAfterMs: 5_000,
    });
    stack.push(() => ward.close());
    running.useCases = ward.useCases;

    if (options.sessionFile !== undefined) {
      const sessionFile = options.sessionFile;
      writeDemoSession(sessionFile, {
        version: 1,
        pid: process.pid,
        tablesConnectionString: azurite.connectionString,
        tablePrefix: DEMO_TABLE_PREFIX,
        armUrl: sim.armUrl,
        ca: sim.ca,
        tenantId: sim.tenantId,
        principalId: DEMO_WARD_PRINCIPAL.oid,
        subscriptions,
        approvalOrigin: approvals.origin,
        teamsWebhookUrl: teams.webhookUrl,
        policy: options.policy,
      });
      stack.push(() => {
        removeDemoSession(sessionFile);
        return Promise.resolve();
      });
    }

    const approvalUrls: string[] = [];
    const failures: string[] = [];
    const activities: WardActivity[] = [];
    // Lines leave in the order things happened, also when one needs a ledger read first.
    let printed: Promise<void> = Promise.resolve();
    const inOrder = (line: () => Promise<DemoProgress> | DemoProgress): void => {
      printed = printed.then(async () => {
        progress(await line());
      });
    };
    ward.onActivity((activity) => {
      activities.push(activity);
      if (activity.type === 'approval-requested') approvalUrls.push(activity.url);
      inOrder(async () =>
        activity.type === 'dropped' && activity.reason === 'own-write'
          ? { type: 'activity', activity, ownWrite: await ownWriteOf(ward, activity.resourceId) }
          : { type: 'activity', activity },
      );
    });
    const onError = (message: string): void => {
      failures.push(message);
      progress({ type: 'failure', message });
    };

    // Event Grid → the exported Functions handlers, called as the host would call them.
    const resourceChanges = makeResourceChangesHandler(getUseCases);
    const secretEvents = makeKeyVaultSecretEventsHandler(getUseCases);
    let events = 0;
    const subscription = sim.events.subscribe(
      async (batch) => {
        let failed: Error | undefined;
        for (const event of batch) {
          events += 1;
          inOrder(() => ({ type: 'event', event }));
          try {
            if (isKeyVaultSecretEventType(event.eventType)) {
              await secretEvents(event, contextFor('keyVaultSecretEvents', onError));
            } else {
              await resourceChanges(event, contextFor('resourceChanges', onError));
            }
          } catch (cause) {
            failed = cause instanceof Error ? cause : new Error(String(cause));
          }
        }
        // A failed event is delivered again with its batch, as Event Grid retries.
        if (failed !== undefined) throw failed;
      },
      {
        name: 'ward-demo',
        filter: demoEventFilter(topic),
      },
    );
    stack.push(() => {
      subscription.unsubscribe();
      return Promise.resolve();
    });

    const drain = async (what: string): Promise<void> => {
      await withTimeout(sim.events.flush(), drainTimeoutMs, `handling the events of ${what}`);
      await printed;
    };

    // 1. The sweep decides what the estate already holds, through the timer function.
    progress({
      type: 'phase',
      title: 'sweep',
      story: 'The timer sweep reads the estate through Resource Graph and decides every finding.',
    });
    const sweep = makeSweepHandler(getUseCases, options.now);
    const firedAt = options.now().toISOString();
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: firedAt, next: firedAt, lastUpdated: firedAt },
    };
    await withTimeout(sweep(timer, contextFor('sweep', onError)), drainTimeoutMs, 'the sweep');
    await printed;
    await drain('the sweep');

    // 2. A data scientist changes things; Event Grid tells ward.
    const dataScientist = DEV_PRINCIPALS.find((p) => p.roles.length === 0) ?? DEV_PRINCIPALS[0];
    const credential = new SimulatorCredential({
      oid: dataScientist?.id ?? randomUUID(),
      tid: sim.tenantId,
      name: dataScientist?.name ?? 'data scientist',
    });
    for (const step of dataScientistChanges({ sim, credential })) {
      progress({ type: 'phase', title: step.title, story: step.story });
      await step.run();
      await drain(step.title);
    }

    // 3. The burst window ends: what waited over the noise budget is posted as one digest.
    progress({
      type: 'phase',
      title: 'digest',
      story:
        'The noise-budget window ends: the timer posts one digest of the cards that waited over the budget.',
    });
    const flushed = await ward.flushDigest();
    await printed;
    progress({ type: 'digest', items: flushed.items, cards: flushed.cards });

    for (const dead of sim.events.deadLettered()) {
      failures.push(
        `event ${dead.event.id} dead-lettered after ${dead.attempts} attempts: ${dead.reason}`,
      );
    }
    const counters = ward.counters();
    let approvalsPending = 0;
    for (const url of approvalUrls) {
      const id = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
      const approval = await ward.approvals.get(id);
      if (approval?.status === 'pending') approvalsPending += 1;
    }
    const ledgerEntries = (await ward.ledger.listAll()).length;
    const posted = teams.messages().map((message) => JSON.stringify(message.cards));
    const approvalsInTeams = approvalUrls.filter((url) =>
      posted.some((body) => body.includes(url)),
    ).length;
    const summary: DemoSummary = {
      events,
      findings: counters.findings,
      remediated: counters.remediated,
      approvalsPending,
      ticketed: counters.ticketsOpened,
      audited: counters.recorded,
      errors:
        counters.errors +
        counters.remediationFailed +
        failures.length +
        // A request the ticket system's description refuses is an error of ward's.
        (tickets?.standIn.rejected().length ?? 0),
      ledgerEntries,
      teamsMessages: teams.messages().length,
      approvalUrls,
      approvalsInTeams,
      ...(tickets ? { tickets: demoTicketCounts(tickets) } : {}),
    };
    return {
      summary,
      urls: {
        teams: teams.origin,
        signIn: `${approvals.origin}/.auth/login`,
        approvalsQueue: approvals.queueUrl,
        ...(tickets ? { tickets: `${tickets.standIn.origin}/_standin/` } : {}),
      },
      activities,
      handles: { ward, sim, teams, approvals, ...(tickets ? { tickets } : {}) },
      stop: stopAll,
    };
  } catch (cause) {
    await stopAll().catch(() => undefined);
    throw cause;
  }
}
