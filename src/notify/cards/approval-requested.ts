import type { ApprovalRequestedInput, TeamsMessage } from '../types';
import {
  diffSection,
  envelope,
  evidenceSection,
  field,
  heading,
  label,
  plain,
  principalText,
} from './elements';
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
    field('Insecure change by', principalText(input.changedBy)),
    ...evidenceSection(input.finding.evidence, limits),
    ...diffSection(`Planned change (${input.actionId})`, input.changes, limits),
    ...(input.reasons && input.reasons.length > 0
      ? [
          label('Why approval is needed'),
          ...input.reasons.map((reason) => plain(truncateText(reason, limits.maxValueChars))),
        ]
      : []),
    field('Expires at (UTC)', input.expiresAt),
  ];
  return envelope(body, [
    { type: 'Action.OpenUrl', title: 'Approve or reject', url: input.approvalUrl },
  ]);
}

export function approvalRequestedCard(input: ApprovalRequestedInput): TeamsMessage {
  return fitToLimit((limits) => buildApprovalRequestedCard(input, limits));
}
