import { TransientWriteError } from '../execute/apply-step';
import { executeRemediation } from '../execute/executor';
import type { ExecutionReport } from '../execute/types';
import { remediationAppliedCard } from '../notify/cards/remediation-applied';
import { requestApproval } from './act-approval';
import { openTicket } from './act-ticket';
import { BudgetRefusal, useBudget } from './budget-use';
import { errorText } from './errors';
import { executorDeps } from './executor-deps';
import { announceChange } from './decision-change';
import { followUpFields, type FindingWork } from './finding-work';
import { raiseAlert } from './notify';
import { clearIntentMark, writeIntent } from './intent';
import { checkpoint } from './reliability';
import { findingItem, offerCard } from './card-gate';
import { isSweep, markSweepItem } from './sweep-items';
import { boundedBody, remediationRecord } from './remediation-record';

function ledgerOutcomeOf(report: ExecutionReport): 'succeeded' | 'unknown' | 'failed' | 'skipped' {
  if (report.outcome === 'succeeded' || report.outcome === 'unknown') return report.outcome;
  return report.alert ? 'failed' : 'skipped';
}

/** A spent (or uncountable) budget turns the change into an approval, with an alert. */
async function refusedByBudget(work: FindingWork, refusal: BudgetRefusal): Promise<void> {
  const { ctx, finding, ids } = work;
  work.tally.alerts += 1;
  await raiseAlert(
    ctx,
    {
      kind: 'budget-tripped',
      summary: `${finding.ruleId} on ${finding.resourceId} was not fixed: ${refusal.message}. An approval is requested instead.`,
      finding,
      relatedId: work.decisionId,
    },
    ids,
  );
  announceChange(work, 'auto', 'approve', refusal.message);
  await requestApproval(work, [`${refusal.message}: ward asks for approval instead`]);
}

/**
 * `auto`: precondition → apply → verify through the executor. The change counts against the
 * budget right before its write (not when it turns out not to apply or already to pass), once
 * per finding and event; a spent budget turns it into an approval and an alert.
 */
export async function remediate(work: FindingWork): Promise<void> {
  const { ctx, finding, snapshot, decision, ids } = work;
  const action = decision.actionId ? ctx.actions(decision.actionId) : undefined;
  if (!action) {
    announceChange(work, 'auto', 'ticket', 'ward has no action to apply this fix');
    await openTicket(work, `${work.rule.metadata.remedy.summary} (ward has no action to apply it)`);
    return;
  }

  let report;
  // Set by the executor's callback: an intent (and its mark) exists from then on.
  const progress = { intended: false };
  try {
    report = await executeRemediation(
      {
        action,
        ruleId: finding.ruleId,
        snapshot,
        dryRun: false,
        beforeApply: async () => {
          const use = await useBudget(ctx, {
            subscriptionId: work.scope.subscriptionId,
            fingerprint: finding.fingerprint,
            eventId: ids.eventId,
          });
          if (use.kind === 'spent' || use.kind === 'unknown') throw new BudgetRefusal(use);
        },
        onIntent: async (plan, before) => {
          progress.intended = true;
          await writeIntent(work, plan, before);
        },
        afterWrite: () => checkpoint(ctx, 'written'),
      },
      executorDeps(ctx),
    );
  } catch (error) {
    if (error instanceof BudgetRefusal) {
      await refusedByBudget(work, error);
      return;
    }
    // A read around the change failed, or the write kept failing transiently: record it and
    // let the delivery be retried; the retry re-reads first.
    await ctx.ledger.append({
      kind: 'action',
      outcome: 'failed',
      ...followUpFields(work, action.id),
      principal: ctx.principalId,
      summary:
        error instanceof TransientWriteError
          ? `retrying: ${error.message}`
          : 'interrupted: a read around the change failed; the event is delivered again',
      error: errorText(error),
    });
    if (progress.intended) await clearIntentMark(work, action.id);
    throw error;
  }
  const succeeded = report.outcome === 'succeeded';
  const outcome = ledgerOutcomeOf(report);
  const entry = await ctx.ledger.append({
    kind: 'action',
    outcome,
    ...followUpFields(work, action.id),
    principal: ctx.principalId,
    summary: `${report.outcome}: ${report.detail}`,
    ...(report.before !== undefined ? { before: boundedBody(report.before) } : {}),
    ...((succeeded || outcome === 'unknown') && report.plan
      ? { after: remediationRecord(report.plan, report.applied ?? {}, report.after) }
      : report.plan
        ? { after: { plan: report.plan } }
        : {}),
  });
  if (progress.intended) await clearIntentMark(work, action.id);
  ctx.hub.emit({
    type: 'action',
    eventId: ids.eventId,
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    actionId: action.id,
    outcome: report.outcome,
    ledgerId: entry.id,
  });
  work.log.info(
    { ruleId: finding.ruleId, actionId: action.id, outcome: report.outcome, ledgerId: entry.id },
    'remediation',
  );

  if (succeeded) {
    ctx.hub.count('remediated');
    work.tally.remediated += 1;
    markSweepItem(work.tally, finding.fingerprint, {
      what: 'fixed',
      cls: 'info',
      ledgerId: entry.id,
    });
    // A containment (stop, scale to zero) leaves the rule failing: people must finish the fix.
    if (action.verify)
      await openTicket(work, `${work.rule.metadata.remedy.summary} — contained: ${report.detail}`);
    try {
      await ctx.guardrails.recordFix(finding.ruleId, finding.resourceId, ctx.now());
    } catch (error) {
      work.log.error({ error: errorText(error) }, 'fix could not be recorded for flap detection');
    }
    await offerCard(ctx, {
      kind: 'remediation-applied',
      cls: 'info',
      fromSweep: isSweep(work.signal),
      ...(work.tally.cards ? { hold: work.tally.cards } : {}),
      item: findingItem(ctx, finding, 'info', 'fixed', {
        ledgerId: entry.id,
        summary: report.plan?.summary ?? report.detail,
      }),
      message: remediationAppliedCard({
        finding,
        ruleTitle: work.rule.metadata.title,
        actionId: action.id,
        changes: report.plan?.changes ?? [],
        ledgerId: entry.id,
        ...(ctx.undoCommand ? { undoCommand: ctx.undoCommand } : {}),
        appliedAt: ctx.now().toISOString(),
        ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
        source: work.signal.source,
      }),
    });
    return;
  }
  if (
    report.outcome === 'refused-by-network' ||
    report.outcome === 'refused-by-permissions' ||
    report.outcome === 'not-applicable'
  ) {
    announceChange(work, 'auto', 'ticket', report.detail);
  }
  if (report.outcome === 'refused-by-network') {
    // Not retried: the same write from the same network would be refused again.
    await openTicket(work, `${work.rule.metadata.remedy.summary} — ${report.detail}`);
    return;
  }
  if (report.outcome === 'refused-by-permissions') {
    // People must grant the permission: the ticket carries the finding to them, the alert
    // below says it now. Nothing was written.
    await openTicket(work, `${work.rule.metadata.remedy.summary} — ${report.detail}`);
  }
  if (report.outcome === 'not-applicable') {
    await openTicket(
      work,
      `${work.rule.metadata.remedy.summary} — ward cannot apply it here: ${report.detail}`,
    );
    return;
  }
  if (report.alert) {
    ctx.hub.count('remediationFailed');
    work.tally.alerts += 1;
    await raiseAlert(
      ctx,
      {
        kind: report.outcome === 'verify-failed' ? 'failed-verify' : 'failed-remediation',
        summary: `${action.id} on ${finding.resourceId} ended ${report.outcome}: ${report.detail}`,
        finding,
        relatedId: entry.id,
        error: report.detail,
      },
      ids,
    );
  }
}
