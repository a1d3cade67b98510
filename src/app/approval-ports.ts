import type { ApprovalPorts, ExecutionResult, Reevaluation } from '../approvals/ports';
import type { Approval, ApproverIdentity } from '../approvals/types';
import { toFinding } from '../engine/fingerprint';
import { executeRemediation } from '../execute/executor';
import type { WardContext } from './context';
import { executorDeps, ruleStatus } from './executor-deps';
import { openTicket } from './act-ticket';
import { emptyTally } from './finding-work';
import { raiseAlert, sendCard } from './notify';
import { budgetProblem, useBudget } from './budget-use';
import { boundedBody, remediationRecord } from './remediation-record';
import { exemptionScopeOf, scopeOf } from './scope';

/** The approval handler's ports, wired to the reader, engine, executor, ledger and Teams. */
export function approvalPorts(ctx: WardContext): ApprovalPorts {
  return {
    async reevaluate(approval: Approval): Promise<Reevaluation> {
      const read = await ctx.read(approval.resourceId);
      if (read.kind === 'gone')
        return { kind: 'resolved', detail: 'the resource no longer exists' };
      const { snapshot } = read;
      const evaluation = ctx.evaluationContext();
      const status = ruleStatus(ctx, approval.ruleId, snapshot, evaluation);
      if (status === 'pass') return { kind: 'resolved', detail: `${approval.ruleId} passes now` };
      if (status !== 'fail') {
        return {
          kind: 'resolved',
          detail: `${approval.ruleId} cannot judge the resource now (${status}); nothing is changed`,
        };
      }
      const action = ctx.actions(approval.plan.actionId);
      if (!action)
        return { kind: 'resolved', detail: `ward has no action ${approval.plan.actionId}` };
      const planned = action.plan(snapshot, { policy: ctx.policy, evaluation });
      if (!planned.ok)
        return { kind: 'resolved', detail: `the fix no longer applies: ${planned.reason}` };
      const result = ctx.registry.get(approval.ruleId).evaluate(snapshot, evaluation);
      const finding = toFinding(
        {
          ...result,
          resourceId: snapshot.resourceId,
          resourceType: snapshot.resourceType,
          ruleId: approval.ruleId,
          severity: approval.finding.severity,
        },
        evaluation.now,
      );
      return {
        kind: 'planned',
        plan: planned.plan,
        finding,
        ...(snapshot.etag !== undefined ? { etag: snapshot.etag } : {}),
      };
    },

    async execute(approval: Approval, approver: ApproverIdentity): Promise<ExecutionResult> {
      const action = ctx.actions(approval.plan.actionId);
      if (!action) {
        return {
          outcome: 'not-applicable',
          succeeded: false,
          message: `ward has no action ${approval.plan.actionId}`,
        };
      }
      const read = await ctx.read(approval.resourceId);
      if (read.kind === 'gone') {
        return { outcome: 'gone', succeeded: false, message: 'the resource no longer exists' };
      }
      const eventId = `approval:${approval.id}`;
      // An approval is a person's decision: a spent budget does not hold it back, but the
      // change is recorded as beyond the budget and alerted.
      let overBudget: string | undefined;
      const report = await executeRemediation(
        {
          action,
          ruleId: approval.ruleId,
          snapshot: read.snapshot,
          approvedPlan: approval.plan,
          dryRun: ctx.policy.dryRun,
          beforeApply: async () => {
            const scope = await scopeOf(ctx, read.snapshot, {});
            const use = await useBudget(ctx, {
              subscriptionId: scope.subscriptionId,
              fingerprint: approval.fingerprint,
              eventId,
            });
            if (use.kind === 'spent' || use.kind === 'unknown') overBudget = budgetProblem(use);
          },
        },
        executorDeps(ctx),
      );
      const succeeded = report.outcome === 'succeeded';
      const entry = await ctx.ledger.append({
        kind: 'action',
        outcome: succeeded ? 'succeeded' : report.alert ? 'failed' : 'skipped',
        eventId: `approval:${approval.id}`,
        resourceId: approval.resourceId,
        ruleId: approval.ruleId,
        fingerprint: approval.fingerprint,
        actionId: action.id,
        principal: approver.id,
        summary:
          `${report.outcome} (approved by ${approver.name}): ${report.detail}` +
          (overBudget !== undefined ? ` Carried out beyond the change budget: ${overBudget}.` : ''),
        ...(overBudget !== undefined
          ? { reasons: [{ code: 'budget-exhausted' as const, text: overBudget }] }
          : {}),
        ...(report.before !== undefined ? { before: boundedBody(report.before) } : {}),
        ...(succeeded && report.plan
          ? { after: remediationRecord(report.plan, report.applied ?? {}, report.after) }
          : {}),
      });
      ctx.hub.emit({
        type: 'action',
        eventId: `approval:${approval.id}`,
        resourceId: approval.resourceId,
        ruleId: approval.ruleId,
        actionId: action.id,
        outcome: report.outcome,
        ledgerId: entry.id,
      });
      ctx.logger.info(
        {
          approvalId: approval.id,
          resourceId: approval.resourceId,
          outcome: report.outcome,
          ledgerId: entry.id,
        },
        'approved remediation',
      );
      if (overBudget !== undefined) {
        await raiseAlert(ctx, {
          kind: 'budget-tripped',
          summary: `${action.id} on ${approval.resourceId} was approved by ${approver.name} and carried out beyond the change budget (${overBudget}): a person's approval is not held back.`,
          finding: approval.finding,
          relatedId: entry.id,
        });
      }
      const ticket = (reason: string): Promise<void> =>
        openTicket(
          {
            ctx,
            finding: approval.finding,
            ids: { eventId: `approval:${approval.id}`, invocationId: `approval:${approval.id}` },
            log: ctx.logger.child({ approvalId: approval.id }),
            tally: emptyTally(),
            decisionId: entry.id,
            rule: { metadata: { title: approval.rule.title } },
            signal: approval.requestedBy.changedBy
              ? { principal: approval.requestedBy.changedBy }
              : {},
          },
          `${ctx.registry.get(approval.ruleId).metadata.remedy.summary} — ${reason}`,
        );
      if (report.outcome === 'refused-by-network' || report.outcome === 'refused-by-permissions')
        await ticket(report.detail);
      if (succeeded) {
        ctx.hub.count('remediated');
        if (action.verify) await ticket(`contained: ${report.detail}`);
        await ctx.guardrails
          .recordFix(approval.ruleId, approval.resourceId, ctx.now())
          .catch(() => undefined);
      } else if (report.alert) {
        ctx.hub.count('remediationFailed');
        await raiseAlert(ctx, {
          kind: report.outcome === 'verify-failed' ? 'failed-verify' : 'failed-remediation',
          summary: `Approved ${action.id} on ${approval.resourceId} ended ${report.outcome}: ${report.detail}`,
          finding: approval.finding,
          relatedId: entry.id,
          error: report.detail,
        });
      }
      return { outcome: report.outcome, succeeded, message: report.detail, ledgerId: entry.id };
    },

    async recordLedger(entry) {
      await ctx.ledger.append({
        kind: 'approval',
        outcome: entry.kind === 'approval-superseded' ? 'skipped' : 'succeeded',
        eventId: `approval:${entry.approvalId}`,
        resourceId: entry.resourceId,
        fingerprint: entry.fingerprint,
        principal: entry.approver.id,
        ...(ctx.registry.has(entry.ruleId) ? { ruleId: entry.ruleId } : {}),
        summary:
          entry.kind === 'approval-decided'
            ? `Approval ${entry.approvalId} ${entry.decision} by ${entry.approver.name}${entry.reason ? `: ${entry.reason}` : ''}${entry.outcome ? ` (${entry.outcome})` : ''}`
            : entry.kind === 'approval-superseded'
              ? `Approval ${entry.approvalId} superseded by ${entry.supersededBy}: the resource changed since the plan`
              : `Approval ${entry.approvalId} closed with nothing to do: ${entry.message}`,
        after: entry,
      });
      if (entry.kind === 'approval-superseded') {
        // The replacement is the finding's pending approval now: the next event or sweep that
        // plans the same fix must find it, not the superseded one, or it asks a third time.
        await ctx.approvalIndex.set(entry.fingerprint, {
          approvalId: entry.supersededBy,
          planHash: entry.newPlanHash,
        });
      }
    },

    async notify(message) {
      await sendCard(ctx, message, 'approval-outcome');
    },

    async grantExemption(grant) {
      const ruleId = ctx.registry.has(grant.ruleId) ? grant.ruleId : undefined;
      if (!ruleId) throw new Error(`unknown rule ${grant.ruleId}`);
      const scope = await exemptionScopeOf(ctx, grant.scope);
      const record = await ctx.exemptions.add(
        {
          ruleId,
          scope,
          reason: grant.reason,
          expires: grant.expires,
          createdBy: grant.createdBy,
        },
        ctx.now(),
      );
      ctx.logger.info({ exemptionId: record.id, ruleId, scope }, 'exemption granted');
    },
  };
}
