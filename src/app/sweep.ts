import { parseResourceId } from '../azure/resource-id';
import { ARM_SECRETS_API_VERSION, listArmSecrets } from '../readers/arm-secrets';
import { kqlString, resourceGraphPages } from '../readers/resource-graph-pages';
import type { ChangeSignal, ResourcePayload } from '../domain';
import { SECRET_RESOURCE_TYPE } from '../domain';
import type { WardContext } from './context';
import { errorText } from './errors';
import { GRAPH_BODY_COLUMNS, graphPayload } from './graph-payload';
import type { SignalTally } from './finding-work';
import { handleSignalWith } from './handle-signal';
import { flushDigest } from './digest-flush';
import { createItemQueue } from './item-queue';
import { sweepContext } from './sweep-scope';
import type { SweepTick } from './ports';

/** What one sweep saw and did. */
export interface SweepDigest {
  startedAt: string;
  finishedAt: string;
  resources: number;
  secrets: number;
  evaluated: number;
  skipped: number;
  findings: number;
  remediated: number;
  approvalsRequested: number;
  ticketsOpened: number;
  ticketsResolved: number;
  errors: number;
  /** Signals that failed (read errors, throttling beyond the cap): the next sweep retries them. */
  failed: number;
  lines: string[];
}

/**
 * Kept past a window before pruning: a delivery may still be in flight at its edge, and the
 * instances' clocks differ a little.
 */
const PRUNE_MARGIN_MS = 60 * 60 * 1000;
/** Event Grid stops retrying after 24 hours: older event ids cannot come back. */
const SEEN_EVENT_RETENTION_MS = 24 * 60 * 60 * 1000 + PRUNE_MARGIN_MS;
const CONCURRENCY = 4;

export interface GraphRow {
  id: string;
  type: string;
  subscriptionId?: string;
  vaultUri?: string;
  /** The row's body: compliant resources are judged from it without an ARM read. */
  payload?: ResourcePayload;
}

/** Every ARM type some rule judges, for the Resource Graph query. */
export function watchedTypes(ctx: Pick<WardContext, 'registry'>): string[] {
  const types = new Set<string>();
  for (const rule of ctx.registry.rules) {
    for (const type of rule.metadata.resourceTypes) {
      if (type.toLowerCase() !== SECRET_RESOURCE_TYPE.toLowerCase()) types.add(type.toLowerCase());
    }
  }
  return [...types].sort();
}

function rowOf(value: unknown): GraphRow | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const row = value as Record<string, unknown>;
  if (typeof row.id !== 'string' || typeof row.type !== 'string') return undefined;
  const properties = row.properties as Record<string, unknown> | null | undefined;
  const vaultUri =
    properties && typeof properties.vaultUri === 'string' ? properties.vaultUri : undefined;
  const payload = graphPayload(value);
  return {
    id: row.id,
    type: row.type,
    ...(typeof row.subscriptionId === 'string' ? { subscriptionId: row.subscriptionId } : {}),
    ...(vaultUri ? { vaultUri } : {}),
    ...(payload ? { payload } : {}),
  };
}

/** Pages through Resource Graph for every watched resource in the configured subscriptions. */
export async function listWatched(
  ctx: Pick<WardContext, 'registry' | 'clients' | 'subscriptions' | 'sweepPageSize'>,
): Promise<GraphRow[]> {
  const types = watchedTypes(ctx);
  const query =
    `resources | where type in~ (${types.map(kqlString).join(', ')}) ` +
    `| project ${[...GRAPH_BODY_COLUMNS, 'subscriptionId'].join(', ')}`;
  const graph = await ctx.clients.resourceGraph();
  const rows: GraphRow[] = [];
  for await (const data of resourceGraphPages(graph, {
    query,
    subscriptions: ctx.subscriptions,
    top: ctx.sweepPageSize,
    failure: 'Resource Graph query failed',
  })) {
    if (Array.isArray(data)) {
      for (const value of data) {
        const row = rowOf(value);
        if (row) rows.push(row);
      }
    }
  }
  return rows;
}

/**
 * The secrets of a vault, from ARM's secrets listing (attributes only, never values): the
 * control plane answers for vaults whose firewall refuses ward's network. Each is judged from
 * its listed body, which is the body a GET returns; the ids keep the data-plane form
 * (`{vaultUri}/secrets/{name}`) events and findings use.
 */
async function listSecrets(
  ctx: WardContext,
  vault: GraphRow & { vaultUri: string },
): Promise<{ id: string; payload: ResourcePayload }[]> {
  const client = await ctx.clients.resources(parseResourceId(vault.id).subscriptionId);
  const base = vault.vaultUri.replace(/\/+$/, '');
  const listedAt = ctx.now().toISOString();
  // Secrets a certificate manages are rotated with the certificate, but judged all the same.
  return (await listArmSecrets(client, vault.id)).map((secret) => ({
    id: `${base}/secrets/${secret.name}`,
    payload: {
      origin: 'arm-list',
      resource: { ...secret, tags: secret.tags ?? null },
      apiVersion: ARM_SECRETS_API_VERSION,
      stateTime: listedAt,
    },
  }));
}

/**
 * The signals in turns of one subscription each. ARM's read budget is per subscription: taken
 * in Resource Graph's order (subscription by subscription) the sweep would wait on one
 * subscription's refill while the others' budgets sit unused.
 */
export function interleaveBySubscription(signals: readonly ChangeSignal[]): ChangeSignal[] {
  const groups = new Map<string, ChangeSignal[]>();
  for (const signal of signals) {
    const key = signal.subscriptionId?.toLowerCase() ?? '';
    const group = groups.get(key);
    if (group) group.push(signal);
    else groups.set(key, [signal]);
  }
  const queues = [...groups.values()];
  const out: ChangeSignal[] = [];
  for (let turn = 0; out.length < signals.length; turn += 1) {
    for (const queue of queues) {
      const signal = queue[turn];
      if (signal) out.push(signal);
    }
  }
  return out;
}

async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(runners);
}

/**
 * The reconciliation: every watched resource and every secret of the watched vaults goes
 * through the same path as an event (re-read through ARM before any write). Also redelivers
 * the outbox and prunes old dedupe, fix and budget rows.
 */
export async function sweepWith(ward: WardContext, tick: SweepTick): Promise<SweepDigest> {
  const startedAt = ward.now();
  const log = ward.logger.child({ invocationId: tick.invocationId, sweep: true });
  const ctx = await sweepContext(ward, log);
  const rows = await listWatched(ctx);
  const signals: ChangeSignal[] = [];
  const vaults: GraphRow[] = [];
  const signalOf = (
    resourceId: string,
    subscriptionId?: string,
    payload?: ResourcePayload,
  ): ChangeSignal => ({
    eventId: `sweep:${tick.invocationId}:${resourceId.toLowerCase()}`,
    eventType: 'ward.sweep',
    source: 'sweep',
    resourceId,
    eventTime: ctx.now().toISOString(),
    ...(subscriptionId ? { subscriptionId } : {}),
    ...(payload ? { payload } : {}),
  });
  for (const row of rows) {
    signals.push(signalOf(row.id, row.subscriptionId, row.payload));
    if (row.vaultUri) {
      ctx.vaults.remember(row.vaultUri, row.id);
      vaults.push(row);
    }
  }
  let secrets = 0;
  let failed = 0;
  for (const vault of vaults) {
    if (!vault.vaultUri) continue;
    try {
      const listed = await listSecrets(ctx, { ...vault, vaultUri: vault.vaultUri });
      secrets += listed.length;
      for (const { id, payload } of listed) {
        signals.push(signalOf(id, vault.subscriptionId, payload));
      }
    } catch (error) {
      failed += 1;
      log.error(
        { vault: vault.id, error: errorText(error) },
        'secrets of a vault could not be listed',
      );
    }
  }

  const tallies: SignalTally[] = [];
  // Findings go to the digest queue as the sweep goes, a table batch at a time.
  const queue = createItemQueue(ctx, log);
  await pool(
    interleaveBySubscription(signals),
    ctx.sweepConcurrency ?? CONCURRENCY,
    async (signal) => {
      try {
        const tally = await handleSignalWith(ctx, signal, tick);
        tallies.push(tally);
        await queue.add(tally.items.map((entry) => entry.item));
      } catch (error) {
        failed += 1;
        log.error(
          { resourceId: signal.resourceId, error: errorText(error) },
          'sweep could not handle a resource',
        );
      }
    },
  );

  const sum = (
    key:
      | 'findings'
      | 'remediated'
      | 'approvalsRequested'
      | 'ticketsOpened'
      | 'ticketsResolved'
      | 'errors',
  ): number => tallies.reduce((total, tally) => total + tally[key], 0);
  const digest: SweepDigest = {
    startedAt: startedAt.toISOString(),
    finishedAt: ctx.now().toISOString(),
    resources: rows.length,
    secrets,
    evaluated: tallies.filter((tally) => tally.evaluated).length,
    skipped: tallies.filter((tally) => tally.dropped !== undefined).length,
    findings: sum('findings'),
    remediated: sum('remediated'),
    approvalsRequested: sum('approvalsRequested'),
    ticketsOpened: sum('ticketsOpened'),
    ticketsResolved: sum('ticketsResolved'),
    errors: sum('errors'),
    failed,
    lines: tallies.flatMap((tally) => tally.lines),
  };
  const { lines: _lines, ...counts } = digest;
  log.info({ digest: counts }, 'sweep finished');

  await queue.drain();
  const summary =
    `${digest.resources} resources and ${digest.secrets} secrets read: ${digest.findings} findings, ` +
    `${digest.remediated} fixed, ${digest.approvalsRequested} approvals asked, ` +
    `${digest.ticketsOpened} tickets opened, ${digest.ticketsResolved} resolved, ` +
    `${digest.errors} could not be judged, ${digest.failed} failed.`;
  try {
    // One digest for the whole sweep (and any burst still waiting), whatever the window.
    await flushDigest(ctx, {
      force: true,
      source: 'the scheduled sweep',
      ...(digest.findings > 0 || digest.failed > 0 ? { summary } : {}),
    });
  } catch (error) {
    log.error({ error: errorText(error) }, 'sweep digest not posted; the next flush posts it');
  }
  await housekeeping(ctx, log);
  return digest;
}

async function housekeeping(ctx: WardContext, log: WardContext['logger']): Promise<void> {
  const now = ctx.now().getTime();
  const flapMs = ctx.policy.guardrails.flap.windowMinutes * 60_000;
  const budgetMs = ctx.policy.guardrails.budget.windowMinutes * 60_000;
  const tasks: [string, () => Promise<unknown>][] = [
    ['outbox redelivery', () => ctx.outbox.redeliver()],
    ['ticket redelivery', () => ctx.externalTickets?.redeliver() ?? Promise.resolve()],
    [
      'noise budget pruning',
      () =>
        ctx.digest.prune(
          new Date(now - ctx.policy.teamsNoise.windowMinutes * 60_000 - PRUNE_MARGIN_MS),
        ),
    ],
    [
      'seen events pruning',
      () => ctx.dedupe.pruneSeenEvents(new Date(now - SEEN_EVENT_RETENTION_MS)),
    ],
    // Fixes older than the flap window and budget windows that ended before it count no more.
    [
      'guardrails pruning',
      () => ctx.guardrails.prune(new Date(now - Math.max(flapMs, budgetMs) - PRUNE_MARGIN_MS)),
    ],
    // A claim only keeps a redelivered event from counting its change twice.
    [
      'budget claims pruning',
      () => ctx.budgetClaims.prune(new Date(now - Math.max(SEEN_EVENT_RETENTION_MS, budgetMs))),
    ],
  ];
  for (const [name, task] of tasks) {
    try {
      const result = await task();
      log.info({ task: name, result }, 'housekeeping');
    } catch (error) {
      log.error({ task: name, error: errorText(error) }, 'housekeeping failed');
    }
  }
}
