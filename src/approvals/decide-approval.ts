import { alertCard } from '../notify/cards/alert';
import { approvalRejectedCard } from '../notify/cards/approval-rejected';
import { remediationAppliedCard } from '../notify/cards/remediation-applied';
import type { UndoCommand } from '../notify/cards/undo-command';
import type { NotifyLogger } from '../notify/logger';
import type { ApprovalStore } from './approval-store';
import { ApprovalError } from './errors';
import { planHash } from './plan-hash';
import type { ApprovalPorts, ExecutionResult } from './ports';
import type { Approval, ApproverIdentity } from './types';

/** What deciding one approval needs: the ports, the store and the policy's choices. */
export interface DecisionDeps extends ApprovalPorts {
  store: ApprovalStore;
  expiryHours?: number;
  /** Offered with a rejection when `grantExemption` is wired. */
  exemptionDays?: readonly number[];
  /**
   * The undo hint for a remediation's ledger id, on the outcome page and card; defaults to
   * `ward undo <ledgerId>` (the demo says `npx ward undo <ledgerId> --simulator`).
   */
  undoCommand?: UndoCommand;
  logger?: NotifyLogger;
}

export const DEFAULT_EXEMPTION_DAYS = [7, 30, 90] as const;

/** A person's decision on one approval, already parsed from the form. */
export interface DecisionInput {
  decision: 'approve' | 'reject';
  /** Trimmed; empty when none was given. */
  reason: string;
  exemptionDays?: number | undefined;
}

/**
 * What came of one decision. `invalid`: the input was refused before anything was decided.
 * `closed`: someone else decided it, it expired or it was replaced meanwhile (the approval as
 * it is now). `superseded`: the resource changed since the plan; nothing ran and
 * `replacement` holds the fresh plan.
 */
export type DecisionOutcome =
  | { kind: 'invalid'; problem: string }
  | { kind: 'rejected'; approval: Approval; reason: string; exemptionDays: number }
  | { kind: 'resolved'; approval: Approval; detail: string }
  | { kind: 'superseded'; approval: Approval; replacement: Approval }
  | { kind: 'executed'; approval: Approval; result: ExecutionResult }
  | { kind: 'closed'; approval: Approval };

/**
 * The one decision path, for the approval page and the approvals queue alike: a rejection is
 * recorded; an approval re-reads and re-plans the resource, is superseded when the plan moved,
 * else is marked used (single use, etag-guarded) before the plan runs through the executor.
 * Every step is recorded in the ledger and posted to Teams.
 */
export async function decideApproval(
  approval: Approval,
  identity: ApproverIdentity,
  input: DecisionInput,
  deps: DecisionDeps,
  now: Date,
): Promise<DecisionOutcome> {
  const { decision, reason, exemptionDays } = input;
  const approver = { id: identity.id, name: identity.name };
  const base = {
    approvalId: approval.id,
    approver,
    at: now.toISOString(),
    fingerprint: approval.fingerprint,
    ruleId: approval.ruleId,
    resourceId: approval.resourceId,
    planHash: approval.planHash,
  };

  try {
    if (decision === 'reject') {
      if (reason === '') return { kind: 'invalid', problem: 'give a reason to reject' };
      const days = deps.grantExemption && exemptionDays ? exemptionDays : 0;
      const offered = deps.exemptionDays ?? DEFAULT_EXEMPTION_DAYS;
      if (days > 0 && !offered.includes(days)) {
        // Only the lengths the page offers (the policy's choice): a hand-made form asking for
        // 365 days is refused before anything is decided.
        return {
          kind: 'invalid',
          problem: `an exemption lasts ${offered.join(', ')} days, not ${String(days)}`,
        };
      }
      const decided = await deps.store.decide(approval.id, {
        decision: 'rejected',
        principal: identity,
        reason,
        now,
      });
      const exemptionUntil =
        days > 0 ? new Date(now.getTime() + days * 86_400_000).toISOString() : undefined;
      if (exemptionUntil && deps.grantExemption) {
        await deps.grantExemption({
          ruleId: approval.ruleId,
          scope: approval.resourceId,
          reason,
          expires: exemptionUntil,
          createdBy: identity.name,
        });
      }
      await deps.recordLedger({
        kind: 'approval-decided',
        ...base,
        decision: 'rejected',
        reason,
        ...(days > 0 ? { exemptionDays: days } : {}),
      });
      await deps.notify(
        approvalRejectedCard({
          finding: decided.finding,
          ruleTitle: decided.rule.title,
          actionId: decided.plan.actionId,
          changes: decided.plan.changes,
          rejectedBy: identity.name,
          reason,
          rejectedAt: now.toISOString(),
          ...(exemptionUntil ? { exemptionUntil } : {}),
        }),
      );
      return { kind: 'rejected', approval: decided, reason, exemptionDays: days };
    }

    const fresh = await deps.reevaluate(approval);
    if (fresh.kind === 'resolved') {
      const decided = await deps.store.decide(approval.id, {
        decision: 'approved',
        principal: identity,
        reason: `nothing to do: ${fresh.detail}`,
        now,
      });
      await deps.recordLedger({ kind: 'approval-resolved', ...base, message: fresh.detail });
      return { kind: 'resolved', approval: decided, detail: fresh.detail };
    }

    const newHash = planHash(fresh.plan);
    if (newHash !== approval.planHash || (fresh.etag ?? null) !== (approval.plannedEtag ?? null)) {
      const replacement = await deps.store.create(
        {
          finding: fresh.finding,
          rule: approval.rule,
          plan: fresh.plan,
          ...(fresh.etag !== undefined ? { plannedEtag: fresh.etag } : {}),
          requestedBy: approval.requestedBy,
        },
        { now, ...(deps.expiryHours !== undefined ? { expiryHours: deps.expiryHours } : {}) },
      );
      const superseded = await deps.store.supersede(approval.id, replacement.id, now);
      await deps.recordLedger({
        kind: 'approval-superseded',
        ...base,
        supersededBy: replacement.id,
        newPlanHash: replacement.planHash,
      });
      return { kind: 'superseded', approval: superseded, replacement };
    }

    // The etag-guarded transition makes the approval single-use before anything executes.
    const decided = await deps.store.decide(approval.id, {
      decision: 'approved',
      principal: identity,
      ...(reason ? { reason } : {}),
      now,
    });
    const result = await executeSafely(decided, identity, deps);
    await deps.recordLedger({
      kind: 'approval-decided',
      ...base,
      decision: 'approved',
      ...(reason ? { reason } : {}),
      outcome: result.outcome,
      message: result.message,
    });
    await notifyOutcome(decided, identity, result, deps, now);
    return { kind: 'executed', approval: decided, result };
  } catch (error) {
    if (error instanceof ApprovalError) {
      const current = await deps.store.get(approval.id);
      if (current) return { kind: 'closed', approval: current };
    }
    throw error;
  }
}

async function notifyOutcome(
  approval: Approval,
  identity: ApproverIdentity,
  result: ExecutionResult,
  deps: DecisionDeps,
  now: Date,
): Promise<void> {
  const message = result.succeeded
    ? remediationAppliedCard({
        finding: approval.finding,
        ruleTitle: approval.rule.title,
        actionId: approval.plan.actionId,
        changes: approval.plan.changes,
        ...(approval.requestedBy.changedBy ? { changedBy: approval.requestedBy.changedBy } : {}),
        ...(result.ledgerId ? { ledgerId: result.ledgerId } : {}),
        ...(deps.undoCommand ? { undoCommand: deps.undoCommand } : {}),
        approvedBy: identity.name,
        appliedAt: now.toISOString(),
      })
    : alertCard({
        kind: result.outcome === 'verify-failed' ? 'failed-verify' : 'failed-remediation',
        summary: `Approved by ${identity.name}, but the change did not complete (${result.outcome}): ${result.message}`,
        finding: approval.finding,
        occurredAt: now.toISOString(),
        ...(result.ledgerId ? { ledgerId: result.ledgerId } : {}),
      });
  await deps.notify(message);
}

/** A throwing executor must not lose the outcome: the approval is already used up. */
async function executeSafely(
  approval: Approval,
  identity: ApproverIdentity,
  deps: DecisionDeps,
): Promise<ExecutionResult> {
  try {
    return await deps.execute(approval, identity);
  } catch (error) {
    deps.logger?.error(
      { approvalId: approval.id, error: String(error) },
      'approved execution threw',
    );
    return {
      outcome: 'failed',
      succeeded: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
