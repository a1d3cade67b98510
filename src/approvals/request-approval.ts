import { approvalRequestedCard } from '../notify/cards/approval-requested';
import type { TeamsMessage } from '../notify/types';
import type { ApprovalStore } from './approval-store';
import type { Approval, NewApproval } from './types';

/** The Teams card asking for a decision on a stored approval. */
export function approvalCardFor(approval: Approval, approvalUrl: string): TeamsMessage {
  return approvalRequestedCard({
    finding: approval.finding,
    ruleTitle: approval.rule.title,
    rationale: approval.rule.rationale,
    actionId: approval.plan.actionId,
    changes: approval.plan.changes,
    approvalUrl,
    expiresAt: approval.expiresAt,
    ...(approval.requestedBy.changedBy ? { changedBy: approval.requestedBy.changedBy } : {}),
    reasons: approval.requestedBy.reasons,
  });
}

export interface RequestApprovalDeps {
  store: ApprovalStore;
  /** Posts to Teams; the outbox's `send` keeps what Teams does not take. */
  notify(message: TeamsMessage): Promise<unknown>;
  approvalUrl(id: string): string;
  now: () => Date;
  /** From the policy's `approvals.expiryHours`. */
  expiryHours: number;
}

/** What the pipeline calls for a decision with verb `request-approval`: store it, then ask in Teams. */
export async function requestApproval(
  input: NewApproval,
  deps: RequestApprovalDeps,
): Promise<Approval> {
  const approval = await deps.store.create(input, {
    now: deps.now(),
    expiryHours: deps.expiryHours,
  });
  await deps.notify(approvalCardFor(approval, deps.approvalUrl(approval.id)));
  return approval;
}
