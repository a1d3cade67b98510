import type { Snapshot } from '../domain';
import type { ActionPlan } from '../actions/types';
import { applyStep } from './apply-step';
import { linkedScopeRefusal } from './linked-check';
import type { ExecuteRequest, ExecutionReport, ExecutorDeps } from './types';

function bodyOf(snapshot: Snapshot): unknown {
  return snapshot.subject.kind === 'arm' ? snapshot.subject.resource : snapshot.subject.secret;
}

/**
 * Runs one remediation: plan → precondition on a fresh read (re-plan once if the resource
 * moved) → the plan's linked scopes, checked through the permissions API → apply (conditional
 * write, waits for the operation) → verify by re-reading and re-evaluating. Anything it cannot prove changes nothing more and asks for an alert.
 */
export async function executeRemediation<ActionDeps>(
  request: ExecuteRequest<ActionDeps>,
  deps: ExecutorDeps<ActionDeps>,
): Promise<ExecutionReport> {
  const { action, ruleId } = request;
  const base = { actionId: action.id, ruleId, resourceId: request.snapshot.resourceId };
  const context = { policy: deps.policy, evaluation: deps.evaluationContext() };
  const gone = (forPlan: ActionPlan): ExecutionReport => ({
    ...base,
    outcome: 'gone',
    plan: forPlan,
    detail: 'The resource no longer exists.',
    alert: false,
  });

  let plan: ActionPlan;
  if (request.approvedPlan) {
    plan = request.approvedPlan;
  } else {
    const planned = action.plan(request.snapshot, context);
    if (!planned.ok) {
      return { ...base, outcome: 'not-applicable', detail: planned.reason, alert: false };
    }
    plan = planned.plan;
  }
  if (request.dryRun) {
    return {
      ...base,
      outcome: 'dry-run',
      plan,
      detail: `Dry run: would ${plan.summary}`,
      alert: false,
    };
  }

  // Precondition: the resource must still be in the state the plan was made from.
  let current = await deps.read(plan.resourceId);
  if (current.kind === 'gone') return gone(plan);
  let check = action.precondition(plan, current.snapshot);
  if (!check.ok) {
    // An approved plan is never re-planned silently: the approver decided on that plan.
    if (request.approvedPlan) {
      return {
        ...base,
        outcome: 'precondition-failed',
        plan,
        detail: `The resource changed since the approved plan: ${check.reason}`,
        alert: true,
      };
    }
    const status = deps.evaluateRule(ruleId, current.snapshot, context.evaluation);
    if (status === 'pass') {
      return {
        ...base,
        outcome: 'already-compliant',
        plan,
        detail: 'A fresh read already passes.',
        alert: false,
      };
    }
    const replanned = action.plan(current.snapshot, context);
    if (!replanned.ok) {
      return { ...base, outcome: 'not-applicable', detail: replanned.reason, alert: false };
    }
    plan = replanned.plan;
    current = await deps.read(plan.resourceId);
    if (current.kind === 'gone') return gone(plan);
    check = action.precondition(plan, current.snapshot);
    if (!check.ok) {
      return {
        ...base,
        outcome: 'precondition-failed',
        plan,
        detail: `The resource kept changing under the plan: ${check.reason}`,
        alert: true,
      };
    }
  }
  const before = bodyOf(current.snapshot);
  // Linked scopes before the budget and the write: a change ARM would refuse half-way (a
  // private endpoint created, its DNS zone group refused) must not start at all.
  const refusal = await linkedScopeRefusal(plan, (scope) => deps.permissionsAt(scope));
  if (refusal !== undefined) {
    return {
      ...base,
      outcome: 'refused-by-permissions',
      plan,
      before,
      detail: refusal,
      alert: true,
    };
  }
  if (request.beforeApply) await request.beforeApply(plan);

  if (request.onIntent) await request.onIntent(plan, before);

  const step = await applyStep(action, plan, deps);
  if (step.kind === 'ended') return { ...base, ...step.end, plan, before };
  const { applied } = step;
  if (request.afterWrite) await request.afterWrite();

  // Verify: re-read and re-evaluate; only a passing rule counts as success.
  let lastStatus = 'unknown';
  for (let attempt = 0; attempt < Math.max(1, deps.verifyAttempts); attempt += 1) {
    if (attempt > 0) await deps.sleep(deps.verifyDelayMs);
    const after = await deps.read(plan.resourceId);
    if (after.kind === 'gone') {
      lastStatus = 'gone';
      continue;
    }
    const verified = action.verify
      ? action.verify(plan, after.snapshot)
      : deps.evaluateRule(ruleId, after.snapshot, deps.evaluationContext()) === 'pass'
        ? { ok: true as const }
        : { ok: false as const, reason: 'the rule does not pass' };
    lastStatus = verified.ok ? 'verified' : verified.reason;
    if (verified.ok) {
      return {
        ...base,
        outcome: 'succeeded',
        plan,
        applied,
        before,
        after: bodyOf(after.snapshot),
        detail: `Done: ${plan.summary}${step.note ? ` (${step.note})` : ''}`,
        alert: false,
      };
    }
  }
  return {
    ...base,
    outcome: 'verify-failed',
    plan,
    applied,
    before,
    detail: `The change was sent but a re-read does not verify it: ${lastStatus}.`,
    alert: true,
  };
}
