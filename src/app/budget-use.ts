import type { BudgetAnswer } from '../store';
import type { WardContext } from './context';
import { errorText } from './errors';

/** What counting one change against the budget came to. */
export type BudgetUse =
  /** Counted now. */
  | { kind: 'counted'; answer: BudgetAnswer }
  /** This finding's change for this event was counted before (a retried delivery). */
  | { kind: 'already-counted' }
  /** Refused: the budget is spent; nothing was counted. */
  | { kind: 'spent'; answer: BudgetAnswer }
  /** The counters could not be read or written. */
  | { kind: 'unknown'; problem: string };

export interface BudgetUseRequest {
  subscriptionId: string | undefined;
  fingerprint: string;
  /** The event (or `approval:{id}`) the change carries out: a redelivery counts once. */
  eventId: string;
}

/** Why a change was not within the budget, for the ledger, the alert and the approval. */
export function budgetProblem(use: Extract<BudgetUse, { kind: 'spent' | 'unknown' }>): string {
  return use.kind === 'unknown'
    ? `the change budget could not be counted (${use.problem})`
    : `the change budget is spent (${String(use.answer.used)} of ${String(use.answer.limit)}, ${use.answer.scope})`;
}

/**
 * Counts one change against the global and the subscription's budget, once per finding and
 * event: an interrupted change that Event Grid delivers again is not counted twice.
 */
export async function useBudget(ctx: WardContext, request: BudgetUseRequest): Promise<BudgetUse> {
  const { subscriptionId, fingerprint, eventId } = request;
  if (subscriptionId === undefined) {
    return { kind: 'unknown', problem: 'the subscription of the resource is not known' };
  }
  let answer: BudgetAnswer;
  try {
    if (await ctx.budgetClaims.has(fingerprint, eventId)) return { kind: 'already-counted' };
    answer = await ctx.guardrails.tryConsume({
      subscriptionId,
      now: ctx.now(),
      budget: ctx.policy.guardrails.budget,
    });
  } catch (error) {
    ctx.logger.error(
      { fingerprint, error: errorText(error) },
      'change budget could not be counted',
    );
    return { kind: 'unknown', problem: errorText(error) };
  }
  if (!answer.allowed) return { kind: 'spent', answer };
  try {
    await ctx.budgetClaims.record(fingerprint, eventId, ctx.now());
  } catch (error) {
    // Counted all the same; only a redelivery of this event could count it once more.
    ctx.logger.warn(
      { fingerprint, error: errorText(error) },
      'budget claim not kept: a retry of this event may count the change again',
    );
  }
  return { kind: 'counted', answer };
}

/** Stops an `auto` change right before its write: the budget does not allow it. */
export class BudgetRefusal extends Error {
  readonly code = 'budget-refused';
  constructor(readonly use: Extract<BudgetUse, { kind: 'spent' | 'unknown' }>) {
    super(budgetProblem(use));
    this.name = 'BudgetRefusal';
  }
}
