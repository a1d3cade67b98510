import type { ActionId, EvaluationContext, RuleId, Snapshot } from '../domain';
import type { Policy } from '../config/policy';
import type { ActionPlan, ApplyResult, RemediationAction } from '../actions/types';
import type { PermissionEntry } from '../azure/permission-match';

/** A fresh read: the resource, or gone (deleted since the event). */
export type ReadResult = { kind: 'found'; snapshot: Snapshot } | { kind: 'gone' };

export type ExecutionOutcome =
  /** Changed, and a re-read shows the rule passing. */
  | 'succeeded'
  /** The rule already passes on a fresh read: nothing to do. */
  | 'already-compliant'
  /** Dry run: the plan was made, nothing was written. */
  | 'dry-run'
  /** The action cannot run here (configuration or prerequisite missing). */
  | 'not-applicable'
  /** The resource changed under the plan twice in a row. */
  | 'precondition-failed'
  /** The resource was deleted. */
  | 'gone'
  /** The write failed. */
  | 'failed'
  /** The resource's network refused ward's write: people must open a way in (no retry). */
  | 'refused-by-network'
  /**
   * ward's identity lacks a permission the write needs on a resource it references (a linked
   * scope), or its permissions there could not be read: nothing was written, people must grant
   * it (alert and ticket).
   */
  | 'refused-by-permissions'
  /** The write went through but a re-read does not pass the rule. */
  | 'verify-failed'
  /**
   * The write's answer was a failure but a re-read cannot tell what happened (the values in
   * place with an unsettled provisioning state, or the resource moved elsewhere): alerted; undo
   * stays possible because the state before is recorded.
   */
  | 'unknown';

export interface ExecutionReport {
  outcome: ExecutionOutcome;
  actionId: ActionId;
  ruleId: RuleId;
  resourceId: string;
  plan?: ActionPlan;
  applied?: ApplyResult;
  /** The body before the change (for undo and the ledger). */
  before?: unknown;
  /** The body after the change, as verified. */
  after?: unknown;
  /** Why it ended this way, for people. */
  detail: string;
  /** Set when the outcome must raise an alert (fail closed). */
  alert: boolean;
}

export interface ExecutorDeps<ActionDeps> {
  read(resourceId: string): Promise<ReadResult>;
  /** Evaluates one rule on a snapshot (the engine, bound to the registry). */
  evaluateRule(
    ruleId: RuleId,
    snapshot: Snapshot,
    context: EvaluationContext,
  ): 'pass' | 'fail' | 'skip' | 'error';
  actionDeps: ActionDeps;
  /**
   * What ward's identity holds at a scope (ARM's permissions API), for the plan's linked scopes.
   * Throws when the API cannot be read; the executor then refuses the change.
   */
  permissionsAt(scope: string): Promise<readonly PermissionEntry[]>;
  policy: Policy;
  evaluationContext(): EvaluationContext;
  /** Re-reads after the change until the rule passes; eventual consistency needs a few tries. */
  verifyAttempts: number;
  sleep(ms: number): Promise<void>;
  verifyDelayMs: number;
  /** Transient write failures: tries and backoff (see apply-step); one try when absent. */
  writeRetry?: { attempts: number; baseDelayMs: number; maxDelayMs: number };
}

export interface ExecuteRequest<ActionDeps> {
  action: RemediationAction<ActionDeps>;
  ruleId: RuleId;
  /** The snapshot the decision was made on. */
  snapshot: Snapshot;
  /** A plan approved earlier; otherwise the executor plans from the snapshot. */
  approvedPlan?: ActionPlan;
  dryRun: boolean;
  /**
   * Called once the precondition holds, right before the write (never for a dry run, a plan
   * that does not apply, a resource already compliant or gone). Throwing stops the change with
   * nothing written; the error reaches the caller. ward counts the change budget here.
   */
  beforeApply?: (plan: ActionPlan) => Promise<void>;
  /**
   * Called after beforeApply, right before the first write, with the state before: ward records
   * its intent here, so a crash during or after the write is recovered by re-reading.
   */
  onIntent?: (plan: ActionPlan, before: unknown) => Promise<void>;
  /** Called once the write returned (before verify): a crash point of the crash tests. */
  afterWrite?: () => Promise<void>;
}
