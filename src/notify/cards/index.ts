export { alertCard, buildAlertCard } from './alert';
export { approvalRejectedCard, buildApprovalRejectedCard } from './approval-rejected';
export { approvalRequestedCard, buildApprovalRequestedCard } from './approval-requested';
export { buildRemediationAppliedCard, remediationAppliedCard } from './remediation-applied';
export { buildTicketOpenedCard, ticketOpenedCard } from './ticket-opened';
export {
  CARD_TARGET_BYTES,
  CardTooLargeError,
  TEAMS_MESSAGE_LIMIT_BYTES,
  fitToLimit,
  messageBytes,
} from './size-guard';
export type { ContentLimits } from './limits';
export { wardUndoCommand, type UndoCommand } from './undo-command';
