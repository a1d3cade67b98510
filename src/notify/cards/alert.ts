import type { AlertInput, AlertKind, CardElement, TeamsMessage } from '../types';
import { envelope, evidenceSection, field, heading, label, plain } from './elements';
import { moreMarker, truncateList, truncateText, type ContentLimits } from './limits';
import { fitToLimit } from './size-guard';

const TITLES: Record<AlertKind, string> = {
  'failed-remediation': 'Remediation failed: nothing was changed or the change did not complete',
  'failed-verify': 'Remediation not verified: the resource still fails after the change',
  'budget-tripped': 'Change budget exhausted: ward stopped changing resources',
  'flap-tripped': 'Flapping: something keeps undoing a fix',
  'dead-letter': 'Events were dead-lettered',
  'sweep-digest': 'Sweep digest',
};

const DETAILS_LABEL: Record<AlertKind, string> = {
  'failed-remediation': 'Error',
  'failed-verify': 'Detail',
  'budget-tripped': 'Held back',
  'flap-tripped': 'History',
  'dead-letter': 'Events',
  'sweep-digest': 'Findings',
};

export function buildAlertCard(input: AlertInput, limits: ContentLimits): TeamsMessage {
  const informational = input.kind === 'sweep-digest';
  const body: CardElement[] = [
    heading(TITLES[input.kind], informational ? 'default' : 'attention'),
  ];
  body.push(plain(truncateText(input.summary, limits.maxValueChars)));
  const resourceId = input.finding?.resourceId ?? input.resourceId;
  if (resourceId) body.push(field('Resource', resourceId, true));
  const ruleId = input.finding?.ruleId ?? input.ruleId;
  if (ruleId) body.push(field('Rule', ruleId));
  const severity = input.finding?.severity ?? input.severity;
  if (severity) body.push(field('Severity', severity));
  if (input.finding) body.push(plain(truncateText(input.finding.message, limits.maxValueChars)));
  const facts = truncateList(input.facts ?? [], limits.maxItems);
  for (const fact of facts.shown) {
    body.push(field(fact.title, truncateText(fact.value, limits.maxValueChars)));
  }
  if (facts.more > 0) body.push(plain(moreMarker(facts.more), { subtle: true }));
  body.push(field('When (UTC)', input.occurredAt));
  if (input.ledgerId) body.push(field('Ledger entry', input.ledgerId, true));
  if (input.finding) body.push(...evidenceSection(input.finding.evidence, limits));
  if (input.details && input.details.length > 0) {
    const { shown, more } = truncateList(input.details, limits.maxItems);
    body.push(label(DETAILS_LABEL[input.kind]));
    for (const line of shown)
      body.push(plain(truncateText(line, limits.maxValueChars), { monospace: true }));
    if (more > 0) body.push(plain(moreMarker(more), { subtle: true }));
  }
  return envelope(body);
}

export function alertCard(input: AlertInput): TeamsMessage {
  return fitToLimit((limits) => buildAlertCard(input, limits));
}
