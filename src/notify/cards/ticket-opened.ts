import type { TeamsMessage, TicketOpenedInput } from '../types';
import { envelope, evidenceSection, field, heading, label, plain, principalText } from './elements';
import { findingFacts } from './finding-facts';
import { truncateText, type ContentLimits } from './limits';
import { fitToLimit } from './size-guard';

export function buildTicketOpenedCard(
  input: TicketOpenedInput,
  limits: ContentLimits,
): TeamsMessage {
  const body = [
    heading(input.updated ? `Ticket ${input.ticketId} updated` : `Ticket ${input.ticketId} opened`),
    ...findingFacts(input.finding, input.ruleTitle, limits),
    field('Insecure change by', principalText(input.changedBy)),
    ...evidenceSection(input.finding.evidence, limits),
    label('What to do'),
    plain(truncateText(input.remedy, limits.maxValueChars)),
  ];
  const actions = input.ticketUrl
    ? [{ type: 'Action.OpenUrl', title: 'Open the ticket', url: input.ticketUrl }]
    : [];
  return envelope(body, actions);
}

export function ticketOpenedCard(input: TicketOpenedInput): TeamsMessage {
  return fitToLimit((limits) => buildTicketOpenedCard(input, limits));
}
