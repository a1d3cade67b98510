import type { ApprovalRequestedInput, TeamsMessage } from '../types';
import { diffSection, envelope, evidenceSection, field, heading, label, plain } from './elements';
import { changedByField } from './found-by';
import { timeText } from './time-text';
import { findingFacts } from './finding-facts';
import { truncateText, type ContentLimits } from './limits';
import { fitToLimit } from './size-guard';

/**
 * Cards posted by a workflow cannot post back to ward, so the decision happens on ward's
 * approval page: the button opens it (Action.OpenUrl), where sign-in and the role are checked.
 */
export function buildApprovalRequestedCard(
  input: ApprovalRequestedInput,
  limits: ContentLimits,
): TeamsMessage {
  const body = [
    heading('Approval needed: ward wants to fix a risky setting', 'warning'),
    ...findingFacts(input.finding, input.ruleTitle, limits),
    label('Why it matters'),
    plain(truncateText(input.rationale, limits.maxValueChars)),
    changedByField(input.changedBy, input.source),
    ...evidenceSection(input.finding.evidence, limits, input.finding.evaluatedAt),
    ...diffSection(
      `Planned change (${input.actionId})`,
      input.changes,
      limits,
      input.finding.evaluatedAt,
    ),
    ...(input.reasons && input.reasons.length > 0
      ? [
          label('Why approval is needed'),
          ...input.reasons.map((reason) => plain(truncateText(reason, limits.maxValueChars))),
        ]
      : []),
    field('Expires', timeText(input.expiresAt, input.finding.evaluatedAt)),
  ];
  return envelope(body, [
    { type: 'Action.OpenUrl', title: 'Approve or reject', url: input.approvalUrl },
  ]);
}

export function approvalRequestedCard(input: ApprovalRequestedInput): TeamsMessage {
  return fitToLimit((limits) => buildApprovalRequestedCard(input, limits));
}
