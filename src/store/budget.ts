import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { Policy } from '../config/policy';
import { deleteMatching } from './delete-matching';
import { StoreError, statusOf } from './errors';
import { createSortableIdFactory, encodeTime, resourceKey } from './keys';
import type { SortableIdFactory } from './keys';
import type { TableStore } from './tables';
import { TABLE_NAMES } from './tables';

export type BudgetLimits = Policy['guardrails']['budget'];

export interface BudgetRequest {
  subscriptionId: string;
  now: Date;
  budget: BudgetLimits;
}

export interface BudgetAnswer {
  allowed: boolean;
  /** Changes counted in the window for `scope` (after this one, when it was allowed). */
  used: number;
  limit: number;
  /** The counter that refused, or when allowed the one with the least room left. */
  scope: 'global' | 'subscription';
}

export interface Guardrails {
  /**
   * Counts one change against the global and the subscription's budget for the current
   * window, both or neither (one entity-group transaction with etags). Refuses without
   * counting when either is spent.
   */
  tryConsume(request: BudgetRequest): Promise<BudgetAnswer>;
  /** The budget's state without counting anything: what decide reads. */
  current(request: BudgetRequest): Promise<BudgetAnswer>;
  /** Remembers that ward fixed `ruleId` on the resource at `now` (flap detection). */
  recordFix(ruleId: string, resourceId: string, now: Date): Promise<void>;
  /** Fixes recorded in (now − windowMinutes, now]. */
  fixesInWindow(
    ruleId: string,
    resourceId: string,
    now: Date,
    windowMinutes: number,
  ): Promise<number>;
  /** Every fix recorded at or after `since`, for a sweep counting many resources' fixes at once. */
  listFixesSince(since: Date): Promise<FixRecord[]>;
  /**
   * Deletes fix records made before `before` and budget counters of windows that ended by
   * then; returns how many rows went. Keep `before` older than the flap window.
   */
  prune(before: Date): Promise<number>;
}

/** One fix ward made, as flap detection counts it. */
export interface FixRecord {
  ruleId: string;
  resourceId: string;
  fixedAt: string;
}

const fixSchema = z.object({ ruleId: z.string(), resourceId: z.string(), fixedAt: z.string() });

export interface GuardrailsOptions {
  /** Attempts of the budget transaction before STORE_CONFLICT. */
  maxAttempts?: number;
  newId?: SortableIdFactory;
}

const GLOBAL_ROW = 'global';
const counterSchema = z.object({ etag: z.string(), count: z.int().min(0) });

type Counter = z.infer<typeof counterSchema>;

function checkLimits(budget: BudgetLimits): void {
  for (const [name, value] of Object.entries(budget)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new StoreError('STORE_INVALID_INPUT', `Budget ${name} must be a positive integer.`);
    }
  }
}

/**
 * Windows are fixed and aligned to the epoch (`floor(now / window)`); the window length is
 * part of the partition key, so changing it in config starts fresh counters.
 */
function windowPartition(now: Date, windowMinutes: number): string {
  const index = Math.floor(now.getTime() / (windowMinutes * 60_000));
  return `w${windowMinutes}-${index}`;
}

function windowEndOf(partition: string, windowMinutes: number): string {
  const index = Number(partition.slice(partition.indexOf('-') + 1));
  return new Date((index + 1) * windowMinutes * 60_000).toISOString();
}

function subscriptionRow(subscriptionId: string): string {
  return `sub-${resourceKey(subscriptionId)}`;
}

/** Creates the counter at 1, or moves it up by one if nobody changed it since it was read. */
function counterAction(
  partition: string,
  row: string,
  current: Counter | undefined,
  budget: BudgetLimits,
  extra: Record<string, string>,
): TransactionAction {
  const entity = {
    partitionKey: partition,
    rowKey: row,
    count: (current?.count ?? 0) + 1,
    windowMinutes: budget.windowMinutes,
    windowEnd: windowEndOf(partition, budget.windowMinutes),
    ...extra,
  };
  return current ? ['update', entity, 'Replace', { etag: current.etag }] : ['create', entity];
}

function flapPartition(ruleId: string, resourceId: string): string {
  return resourceKey(`${ruleId}\n${resourceId}`);
}

/**
 * Blast-radius budget (`WardBudget`: one partition per window, a row for the global count and
 * one per subscription) and flap counters (`WardFixes`: one partition per rule and resource,
 * one row per fix, keyed by time).
 */
export function createGuardrails(tables: TableStore, options: GuardrailsOptions = {}): Guardrails {
  const maxAttempts = options.maxAttempts ?? 50;
  const newId = options.newId ?? createSortableIdFactory();

  async function readCounter(partition: string, row: string): Promise<Counter | undefined> {
    const table = await tables.table(TABLE_NAMES.budget);
    let raw: TableEntityResult<Record<string, unknown>>;
    try {
      raw = await table.getEntity(partition, row);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
    const parsed = counterSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StoreError(
        'STORE_INVALID_ENTITY',
        `Budget counter ${partition}/${row} is malformed: ${z.prettifyError(parsed.error)}`,
      );
    }
    return parsed.data;
  }

  async function state(request: BudgetRequest) {
    checkLimits(request.budget);
    const partition = windowPartition(request.now, request.budget.windowMinutes);
    const subRow = subscriptionRow(request.subscriptionId);
    const [global, subscription] = await Promise.all([
      readCounter(partition, GLOBAL_ROW),
      readCounter(partition, subRow),
    ]);
    return { partition, subRow, global, subscription };
  }

  function answer(
    globalUsed: number,
    subscriptionUsed: number,
    budget: BudgetLimits,
    allowed: boolean,
  ): BudgetAnswer {
    const globalRoom = budget.maxChanges - globalUsed;
    const subscriptionRoom = budget.maxChangesPerSubscription - subscriptionUsed;
    return subscriptionRoom < globalRoom
      ? {
          allowed,
          used: subscriptionUsed,
          limit: budget.maxChangesPerSubscription,
          scope: 'subscription',
        }
      : { allowed, used: globalUsed, limit: budget.maxChanges, scope: 'global' };
  }

  return {
    async tryConsume(request) {
      const { budget } = request;
      const table = await tables.table(TABLE_NAMES.budget);
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const { partition, subRow, global, subscription } = await state(request);
        const globalUsed = global?.count ?? 0;
        const subscriptionUsed = subscription?.count ?? 0;
        if (
          globalUsed >= budget.maxChanges ||
          subscriptionUsed >= budget.maxChangesPerSubscription
        ) {
          return answer(globalUsed, subscriptionUsed, budget, false);
        }
        const actions: TransactionAction[] = [
          counterAction(partition, GLOBAL_ROW, global, budget, {}),
          counterAction(partition, subRow, subscription, budget, {
            subscriptionId: request.subscriptionId.toLowerCase(),
          }),
        ];
        try {
          await table.submitTransaction(actions);
          return answer(globalUsed + 1, subscriptionUsed + 1, budget, true);
        } catch (error) {
          const status = statusOf(error);
          if (status !== 409 && status !== 412) throw error;
        }
      }
      throw new StoreError(
        'STORE_CONFLICT',
        `Budget counters kept changing under ${maxAttempts} attempts to count a change.`,
      );
    },

    async current(request) {
      const { global, subscription } = await state(request);
      const globalUsed = global?.count ?? 0;
      const subscriptionUsed = subscription?.count ?? 0;
      const allowed =
        globalUsed < request.budget.maxChanges &&
        subscriptionUsed < request.budget.maxChangesPerSubscription;
      if (!allowed) {
        // Name the spent counter, not merely the tighter one.
        return globalUsed >= request.budget.maxChanges
          ? { allowed, used: globalUsed, limit: request.budget.maxChanges, scope: 'global' }
          : {
              allowed,
              used: subscriptionUsed,
              limit: request.budget.maxChangesPerSubscription,
              scope: 'subscription',
            };
      }
      return answer(globalUsed, subscriptionUsed, request.budget, true);
    },

    async recordFix(ruleId, resourceId, now) {
      const table = await tables.table(TABLE_NAMES.fixes);
      await table.createEntity({
        partitionKey: flapPartition(ruleId, resourceId),
        rowKey: newId(now),
        ruleId,
        resourceId,
        fixedAt: now.toISOString(),
      });
    },

    async fixesInWindow(ruleId, resourceId, now, windowMinutes) {
      if (!(windowMinutes > 0)) {
        throw new StoreError('STORE_INVALID_INPUT', 'A flap window must be positive.');
      }
      const table = await tables.table(TABLE_NAMES.fixes);
      const from = encodeTime(now.getTime() - windowMinutes * 60_000 + 1);
      const to = encodeTime(now.getTime() + 1);
      const filter =
        `PartitionKey eq '${flapPartition(ruleId, resourceId)}' and ` +
        `RowKey ge '${from}' and RowKey lt '${to}'`;
      let count = 0;
      for await (const _ of table.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
        count += 1;
      }
      return count;
    },

    async listFixesSince(since) {
      const table = await tables.table(TABLE_NAMES.fixes);
      const fixes: FixRecord[] = [];
      for await (const raw of table.listEntities({
        queryOptions: {
          filter: `fixedAt ge '${since.toISOString()}'`,
          select: ['ruleId', 'resourceId', 'fixedAt'],
        },
      })) {
        const parsed = fixSchema.safeParse(raw);
        if (!parsed.success) {
          throw new StoreError(
            'STORE_INVALID_ENTITY',
            `Fix record ${String(raw.rowKey)} is malformed: ${z.prettifyError(parsed.error)}`,
          );
        }
        fixes.push(parsed.data);
      }
      return fixes;
    },

    async prune(before) {
      const cutoff = before.toISOString();
      const targets = [
        { table: await tables.table(TABLE_NAMES.fixes), filter: `fixedAt lt '${cutoff}'` },
        { table: await tables.table(TABLE_NAMES.budget), filter: `windowEnd le '${cutoff}'` },
      ];
      let removed = 0;
      for (const { table, filter } of targets) removed += await deleteMatching(table, filter);
      return removed;
    },
  };
}
