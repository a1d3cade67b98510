import type { ApprovalRejectedInput, TeamsMessage } from '../types';
import { diffSection, envelope, field, heading, label, plain } from './elements';
import { findingFacts } from './finding-facts';
import { truncateText, type ContentLimits } from './limits';
import { fitToLimit } from './size-guard';

/** The outcome of a rejected approval, posted where the request was, so the channel sees it closed. */
export function buildApprovalRejectedCard(
  input: ApprovalRejectedInput,
  limits: ContentLimits,
): TeamsMessage {
  const body = [
    heading('Approval rejected: ward changed nothing'),
    ...findingFacts(input.finding, input.ruleTitle, limits),
    field('Rejected by', input.rejectedBy),
    field('Rejected at (UTC)', input.rejectedAt),
    label('Reason'),
    plain(truncateText(input.reason, limits.maxValueChars)),
    label('Exemption'),
    plain(
      input.exemptionUntil
        ? `The resource is exempt from ${input.finding.ruleId} until ${input.exemptionUntil} (UTC); ward leaves it alone until then.`
        : 'None granted: ward judges the resource again at its next change or sweep.',
    ),
    ...diffSection(`Change not made (${input.actionId})`, input.changes, limits),
  ];
  return envelope(body);
}

export function approvalRejectedCard(input: ApprovalRejectedInput): TeamsMessage {
  return fitToLimit((limits) => buildApprovalRejectedCard(input, limits));
}
