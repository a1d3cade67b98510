import type { RemediationAppliedInput, TeamsMessage } from '../types';
import { diffSection, envelope, field, heading, label, plain } from './elements';
import { changedByField } from './found-by';
import { timeText } from './time-text';
import { findingFacts } from './finding-facts';
import type { ContentLimits } from './limits';
import { fitToLimit } from './size-guard';
import { wardUndoCommand } from './undo-command';

export function buildRemediationAppliedCard(
  input: RemediationAppliedInput,
  limits: ContentLimits,
): TeamsMessage {
  const undo = input.undoCommand ?? wardUndoCommand;
  const body = [
    heading('ward fixed an insecure setting', 'good'),
    ...findingFacts(input.finding, input.ruleTitle, limits),
    changedByField(input.changedBy, input.source),
    ...(input.approvedBy ? [field('Approved by', input.approvedBy)] : []),
    field('Applied at', timeText(input.appliedAt)),
    field('Action', input.actionId),
    ...diffSection('What changed', input.changes, limits, input.appliedAt),
    label('How to undo'),
    plain(
      input.ledgerId
        ? undo(input.ledgerId)
        : `${undo('<ledger-id>')} (see the ledger entry of this change)`,
      { monospace: true },
    ),
    plain(
      'Undo restores the state before this change. If the setting is needed, ask for an exemption instead, so ward does not change it again.',
      { subtle: true },
    ),
  ];
  return envelope(body);
}

export function remediationAppliedCard(input: RemediationAppliedInput): TeamsMessage {
  return fitToLimit((limits) => buildRemediationAppliedCard(input, limits));
}
