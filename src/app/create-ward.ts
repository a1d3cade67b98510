import { randomBytes } from 'node:crypto';
import { createActionRegistry } from '../actions/registry';
import { createApprovalStore } from '../approvals/approval-store';
import { createEntraTokenVerifier } from '../approvals/entra-token';
import { createApprovalQueueReader } from '../approvals/approval-queue-store';
import { handleApprovalRequest, type ApprovalHandlerDeps } from '../approvals/http-handler';
import { handleApprovalQueueRequest } from '../approvals/queue-handler';
import { createAzureClients } from '../azure/clients';
import { ThrottleBuckets } from '../azure/throttle';
import { ruleSettingsFrom } from '../config/rule-settings';
import { createDigestStore } from '../notify/digest/digest-store';
import { createOutbox } from '../notify/outbox';
import { createTeamsNotifier } from '../notify/teams-notifier';
import type { TeamsNotifier } from '../notify/teams-notifier';
import { readSnapshot } from '../readers';
import { createRelatedCache } from '../store/related-cache';
import { createIntentMarks } from '../store/intent-marks';
import { createRegistry } from '../rules/registry';
import {
  createDedupe,
  createExemptions,
  createGuardrails,
  createLedger,
  createTableStore,
} from '../store';
import type { TableStoreOptions } from '../store';
import { createTicketDelivery, createTicketRegistry } from '../tickets';
import { createActivityHub } from './activity';
import { approvalPorts } from './approval-ports';
import { createApprovalIndex } from './approval-index';
import { createBudgetClaims } from './budget-claims';
import type { WardContext } from './context';
import { flushDigest, flushDueDigest } from './digest-flush';
import { handleSignalWith } from './handle-signal';
import { createKeyedLock } from './keyed-lock';
import { reliabilityOptions } from './reliability';
import type { WardUseCases } from './ports';
import { sweepWith } from './sweep';
import type { Ward, WardOptions } from './types';
import { undoWith } from './undo';
import { createVaultDirectory } from './vault-directory';
import { knownVaultClients } from './vault-gate';
import { wireExternalTickets } from './ticket-wiring';

export type { WardOptions, Ward, WardTables } from './types';
export type { UndoReport, UndoErrorCode } from './undo-types';
export { UndoError } from './undo-types';
export type { WardActivity, WardCounters, DropReason } from './activity';
export type { SweepDigest } from './sweep';

/** Tables ward keeps beside the store's own (names before the prefix). */
export const APP_TABLES = {
  approvals: 'WardApprovals',
  outbox: 'WardOutbox',
  tickets: 'WardTickets',
  digest: 'WardDigest',
} as const;

/** An undone fix is left alone this long unless the caller says otherwise. */
const DEFAULT_UNDO_EXEMPTION_DAYS = 7;

/** Where the Functions host serves the approval page locally when no base URL is configured. */
const LOCAL_APPROVAL_BASE = 'http://localhost:7071';

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Without a webhook, cards wait in the outbox until one is configured and the sweep redelivers. */
const unconfiguredTeams: TeamsNotifier = {
  post: () =>
    Promise.resolve({ delivered: false, attempts: 0, error: 'no Teams webhook URL is configured' }),
};

function tableStoreOptions(options: WardOptions): TableStoreOptions {
  const prefix = options.tablePrefix !== undefined ? { prefix: options.tablePrefix } : {};
  const { clientOptions } = options.tables;
  const shared = { ...prefix, ...(clientOptions !== undefined ? { clientOptions } : {}) };
  return 'connectionString' in options.tables
    ? { connectionString: options.tables.connectionString, ...shared }
    : { endpoint: options.tables.url, credential: options.tables.credential, ...shared };
}

/**
 * Builds a ward: Azure clients, table stores, notifier and outbox, and the use cases over them.
 * The one place that wires ward together; nothing here is shared between two wards.
 */
export async function createWard(options: WardOptions): Promise<Ward> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const { logger, policy } = options;

  const throttle = new ThrottleBuckets(
    options.throttleLimits ? { limits: options.throttleLimits } : {},
  );
  const clients = createAzureClients({
    credential: options.credential,
    armEndpoint: options.armEndpoint,
    throttle,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    ...(options.subscriptions[0] !== undefined ? { subscriptionId: options.subscriptions[0] } : {}),
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
  });

  const tables = createTableStore(tableStoreOptions(options));
  const [approvalTable, outboxTable] = await Promise.all([
    tables.table(APP_TABLES.approvals),
    tables.table(APP_TABLES.outbox),
  ]);
  const ledger = createLedger(tables, { clock: now });
  const dedupe = createDedupe(tables, { clock: now });
  const exemptions = createExemptions(tables, { clock: now });
  const guardrails = createGuardrails(tables);
  const approvals = createApprovalStore({ table: approvalTable });
  const notifier = options.teams.webhookUrl
    ? createTeamsNotifier({
        webhookUrl: options.teams.webhookUrl,
        logger,
        sleep,
        ...(options.teams.fetch ? { fetch: options.teams.fetch } : {}),
        ...(options.teams.retry ? { retry: options.teams.retry } : {}),
      })
    : unconfiguredTeams;
  const outbox = createOutbox({ table: outboxTable, notifier, now, logger });
  const tickets = createTicketRegistry({ table: () => tables.table(APP_TABLES.tickets) });
  const ticketDelivery = createTicketDelivery({
    target: policy.tickets.target,
    outbox,
    logger,
    sleep,
    ...(options.tickets?.webhookUrl ? { webhookUrl: options.tickets.webhookUrl } : {}),
    ...(options.tickets?.fetch ? { fetch: options.tickets.fetch } : {}),
  });

  const registry = createRegistry();
  const actionRegistry = createActionRegistry();
  const settings = ruleSettingsFrom(policy);
  const approvalBase = (options.approvalBaseUrl ?? LOCAL_APPROVAL_BASE).replace(/\/+$/, '');
  if (options.approvalBaseUrl === undefined) {
    logger.warn(
      { approvalBase },
      'no approval base URL configured; approval links point to the local host',
    );
  }
  const hub = createActivityHub();
  const vaults = createVaultDirectory(clients, options.subscriptions);

  const ctx: WardContext = {
    policy,
    principalId: options.principalId,
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    subscriptions: options.subscriptions,
    now,
    logger,
    clients,
    registry,
    actions: (id) => (actionRegistry.has(id) ? actionRegistry.get(id) : undefined),
    actionDeps: { clients: knownVaultClients(clients, vaults), now, sleep },
    ledger,
    intentMarks: createIntentMarks(tables),
    dedupe,
    exemptions,
    guardrails,
    budgetClaims: createBudgetClaims(tables),
    approvals,
    approvalIndex: createApprovalIndex(tables),
    outbox,
    digest: createDigestStore(() => tables.table(APP_TABLES.digest)),
    approvalsQueueUrl: `${approvalBase}/api/approvals`,
    ...(options.reportUrl !== undefined ? { reportUrl: options.reportUrl } : {}),
    tickets,
    ticketDelivery,
    vaults,
    hub,
    locks: createKeyedLock(),
    approvalUrl: (id) => `${approvalBase}/api/approvals/${encodeURIComponent(id)}`,
    verify: options.verify,
    undoExemptionDays: options.undoExemptionDays ?? DEFAULT_UNDO_EXEMPTION_DAYS,
    ...(options.undoCommand ? { undoCommand: options.undoCommand } : {}),
    ...(options.sweepPageSize !== undefined ? { sweepPageSize: options.sweepPageSize } : {}),
    ...(options.sweepConcurrency !== undefined
      ? { sweepConcurrency: options.sweepConcurrency }
      : {}),
    sleep,
    read: (resourceId) => readSnapshot(resourceId, { clients, now, vaults }),
    evaluationContext: () => ({ now: now(), settings }),
    reliability: reliabilityOptions(options.reliability),
    ...(policy.relatedCache.enabled
      ? {
          relatedCache: createRelatedCache(tables, {
            ttlMs: policy.relatedCache.ttlMinutes * 60_000,
          }),
        }
      : {}),
  };

  const externalTickets = wireExternalTickets(ctx, options, tables);
  if (externalTickets) ctx.externalTickets = externalTickets;

  const ports = approvalPorts(ctx);
  const csrfKey = options.csrfKey ?? randomBytes(32);
  // One verifier per ward: it caches the tenant's signing keys across requests.
  const verifyToken = options.approvalSignIn
    ? createEntraTokenVerifier(options.approvalSignIn)
    : undefined;
  // Work in flight, so close() can let it finish before the caller stops Azurite or the simulator.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.then(
      () => inFlight.delete(work),
      () => inFlight.delete(work),
    );
    return work;
  };

  const approvalQueue = createApprovalQueueReader(approvalTable);
  const approvalQueueUrl = `${approvalBase}/api/approvals`;
  const approvalDeps = (invocationId: string): ApprovalHandlerDeps => ({
    ...ports,
    store: approvals,
    csrfKey,
    now,
    verifyToken,
    approvalUrl: (id) => ctx.approvalUrl(id),
    expiryHours: policy.approvals.expiryHours,
    ...(options.undoCommand ? { undoCommand: options.undoCommand } : {}),
    logger: logger.child({ invocationId }),
  });

  const useCases: WardUseCases = {
    async handleSignal(signal, invocation) {
      await track(handleSignalWith(ctx, signal, invocation));
      // A burst's digest is posted by the first invocation after its window.
      await track(flushDueDigest(ctx));
    },
    async sweep(tick) {
      await track(sweepWith(ctx, tick));
    },
    async approval(request, invocation) {
      const response = await track(
        handleApprovalRequest(
          {
            method: request.method,
            approvalId: request.approvalId,
            headers: request.headers,
            ...(request.form ? { form: request.form } : {}),
          },
          approvalDeps(invocation.invocationId),
        ),
      );
      return { status: response.status, headers: response.headers, body: response.html };
    },
    async approvalQueue(request, invocation) {
      const response = await track(
        handleApprovalQueueRequest(
          {
            method: request.method,
            query: request.query,
            headers: request.headers,
            ...(request.form ? { form: request.form } : {}),
          },
          {
            ...approvalDeps(invocation.invocationId),
            queue: approvalQueue,
            queueUrl: approvalQueueUrl,
          },
        ),
      );
      return { status: response.status, headers: response.headers, body: response.html };
    },
    async redeliverOutbox(tick) {
      await track(flushDueDigest(ctx));
      const result = await outbox.redeliver();
      logger.info({ invocationId: tick.invocationId, ...result }, 'outbox redelivered');
      return result;
    },
  };

  return {
    useCases,
    ledger,
    approvals,
    outbox,
    exemptions,
    dedupe,
    guardrails,
    tickets,
    clients,
    counters: () => ({ ...hub.counters }),
    onActivity: (listener) => hub.on(listener),
    flushDigest: () => track(flushDigest(ctx, { force: true })),
    sweep: (tick) => track(sweepWith(ctx, tick)),
    undo: (ledgerId, actor) => track(undoWith(ctx, ledgerId, actor)),
    async close() {
      await Promise.allSettled([...inFlight]);
      hub.clear();
    },
  };
}
