import type { ActionDeps } from '../actions/deps';
import { readPermissions } from '../actions/common/read-permissions';
import type { RuleId, RuleStatus, Snapshot, EvaluationContext } from '../domain';
import type { ExecutorDeps, ReadResult } from '../execute/types';
import type { WardContext } from './context';

/** One rule's status on a snapshot; a throwing rule is `error` (never a pass). */
export function ruleStatus(
  ctx: WardContext,
  ruleId: RuleId,
  snapshot: Snapshot,
  context: EvaluationContext,
): RuleStatus {
  try {
    return ctx.registry.get(ruleId).evaluate(snapshot, context).status;
  } catch {
    return 'error';
  }
}

/** The executor's view of ward: fresh reads, the rule engine, the action's SDK clients. */
export function executorDeps(ctx: WardContext): ExecutorDeps<ActionDeps> {
  return {
    async read(resourceId): Promise<ReadResult> {
      const result = await ctx.read(resourceId);
      return result.kind === 'gone'
        ? { kind: 'gone' }
        : { kind: 'found', snapshot: result.snapshot };
    },
    evaluateRule: (ruleId, snapshot, context) => ruleStatus(ctx, ruleId, snapshot, context),
    actionDeps: ctx.actionDeps,
    permissionsAt: (scope) => readPermissions(ctx.actionDeps, scope),
    policy: ctx.policy,
    evaluationContext: () => ctx.evaluationContext(),
    verifyAttempts: ctx.verify.attempts,
    verifyDelayMs: ctx.verify.delayMs,
    sleep: (ms) => ctx.sleep(ms),
    ...(ctx.reliability ? { writeRetry: ctx.reliability.writeRetry } : {}),
  };
}
