import { planHash } from '../approvals/plan-hash';
import { approvalRequestedCard } from '../notify/cards/approval-requested';
import { followUpFields, type FindingWork } from './finding-work';
import { openTicket } from './act-ticket';
import { announceChange } from './decision-change';
import { findingItem, offerCard } from './card-gate';
import { isSweep, markSweepItem } from './sweep-items';

/**
 * Plans the fix and asks for an approval bound to the plan's hash and the read's etag. A
 * finding whose approval is still pending for the same plan is not asked about twice.
 */
export async function requestApproval(
  work: FindingWork,
  extraReasons: string[] = [],
): Promise<void> {
  const { ctx, finding, snapshot, decision, ids } = work;
  const actionId = decision.actionId;
  const action = actionId ? ctx.actions(actionId) : undefined;
  if (!action) {
    announceChange(work, 'approve', 'ticket', 'ward has no action to apply this fix');
    await openTicket(work, `${work.rule.metadata.remedy.summary} (ward has no action to apply it)`);
    return;
  }
  const planned = action.plan(snapshot, {
    policy: ctx.policy,
    evaluation: ctx.evaluationContext(),
  });
  if (!planned.ok) {
    announceChange(work, 'approve', 'ticket', planned.reason);
    await openTicket(
      work,
      `${work.rule.metadata.remedy.summary} — ward cannot apply it here: ${planned.reason}`,
    );
    return;
  }
  const plan = planned.plan;
  const hash = planHash(plan);
  const now = ctx.now();
  const previous = await ctx.approvalIndex.get(finding.fingerprint);
  if (previous?.planHash === hash) {
    const pending = await ctx.approvals.get(previous.approvalId);
    if (pending?.status === 'pending' && new Date(pending.expiresAt) > now) {
      await ctx.ledger.append({
        kind: 'approval',
        outcome: 'skipped',
        ...followUpFields(work, plan.actionId),
        summary: `Approval ${pending.id} for this plan is still pending; not asked again`,
      });
      markSweepItem(work.tally, finding.fingerprint, {
        what: 'approval pending',
        url: ctx.approvalUrl(pending.id),
      });
      work.log.info({ approvalId: pending.id }, 'approval already pending');
      return;
    }
  }
  const reasons = [...decision.reasons.map((reason) => reason.text), ...extraReasons];
  const approval = await ctx.approvals.create(
    {
      finding,
      rule: { title: work.rule.metadata.title, rationale: work.rule.metadata.rationale },
      plan,
      ...(snapshot.etag !== undefined ? { plannedEtag: snapshot.etag } : {}),
      requestedBy: {
        reasons,
        eventId: ids.eventId,
        source: work.signal.source,
        ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
      },
    },
    { now, expiryHours: ctx.policy.approvals.expiryHours },
  );
  await ctx.approvalIndex.set(finding.fingerprint, {
    approvalId: approval.id,
    planHash: approval.planHash,
  });
  const url = ctx.approvalUrl(approval.id);
  const entry = await ctx.ledger.append({
    kind: 'approval',
    outcome: 'pending',
    ...followUpFields(work, plan.actionId),
    after: { approvalId: approval.id, plan, planHash: approval.planHash },
    summary: `Approval ${approval.id} requested: ${plan.summary} (expires ${approval.expiresAt})`,
  });
  ctx.hub.count('approvalsRequested');
  ctx.hub.emit({
    type: 'approval-requested',
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    approvalId: approval.id,
    url,
  });
  work.tally.approvalsRequested += 1;
  markSweepItem(work.tally, finding.fingerprint, { url });
  work.log.info({ approvalId: approval.id, ledgerId: entry.id }, 'approval requested');
  await offerCard(ctx, {
    kind: 'approval-requested',
    cls: 'approval',
    fromSweep: isSweep(work.signal),
    ...(work.tally.cards ? { hold: work.tally.cards } : {}),
    item: findingItem(ctx, finding, 'approval', 'approval requested', {
      url,
      ledgerId: entry.id,
      summary: plan.summary,
    }),
    message: approvalRequestedCard({
      finding,
      ruleTitle: work.rule.metadata.title,
      rationale: work.rule.metadata.rationale,
      actionId: plan.actionId,
      changes: plan.changes,
      approvalUrl: url,
      expiresAt: approval.expiresAt,
      reasons,
      ...(work.signal.principal ? { changedBy: work.signal.principal } : {}),
      source: work.signal.source,
    }),
  });
}
