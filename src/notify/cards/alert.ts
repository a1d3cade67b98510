import type { AlertInput, AlertKind, CardElement, TeamsMessage } from '../types';
import { envelope, evidenceSection, field, heading, label, plain, resourceFacts } from './elements';
import { moreMarker, truncateList, truncateText, type ContentLimits } from './limits';
import { daysLeftText, hasExpired, secretExpiryOf } from './secret-expiry';
import { fitToLimit } from './size-guard';
import { timeText } from './time-text';

const TITLES: Record<AlertKind, string> = {
  'failed-remediation': 'Remediation failed: nothing was changed or the change did not complete',
  'failed-verify': 'Remediation not verified: the resource still fails after the change',
  'budget-tripped': 'Change budget exhausted: ward stopped changing resources',
  'flap-tripped': 'Flapping: something keeps undoing a fix',
  'dead-letter': 'Events were dead-lettered',
  'sweep-digest': 'Sweep digest',
  'secret-expiry': 'Secret expires soon: rotate it',
  'rule-error': 'A rule could not judge a resource: nothing was changed',
  'tag-exemption': 'A resource is exempt by its own tag',
};

const EXPIRED_TITLE = 'Secret has expired: rotate it';

const ROTATE =
  'Rotate the secret: store a new version with a new expiry in the vault, then move everything that reads it to the new version. ward does not rotate secrets and changed nothing.';

const RULE_ERROR_NOTE =
  'ward never changes what it cannot judge. It judges the resource again at its next change event or the next sweep; if this keeps happening, fix the cause named above.';

const DETAILS_LABEL: Record<AlertKind, string> = {
  'failed-remediation': 'Error',
  'failed-verify': 'Detail',
  'budget-tripped': 'Held back',
  'flap-tripped': 'History',
  'dead-letter': 'Events',
  'sweep-digest': 'Findings',
  'secret-expiry': 'Detail',
  'rule-error': 'Why',
  'tag-exemption': 'Why',
};

export function buildAlertCard(input: AlertInput, limits: ContentLimits): TeamsMessage {
  const informational = input.kind === 'sweep-digest';
  const secret = input.kind === 'secret-expiry' ? secretExpiryOf(input) : undefined;
  const expired = secret ? hasExpired(secret, input.occurredAt) : false;
  const title = expired ? EXPIRED_TITLE : TITLES[input.kind];
  const warning =
    input.kind === 'rule-error' ||
    input.kind === 'tag-exemption' ||
    (input.kind === 'secret-expiry' && !expired);
  const color = informational ? 'default' : warning ? 'warning' : 'attention';
  const body: CardElement[] = [heading(title, color)];
  body.push(plain(truncateText(input.summary, limits.maxValueChars)));
  if (secret) {
    body.push(field('Vault', secret.vault));
    body.push(field('Secret', secret.secretName));
    body.push(field('Expires', timeText(secret.expiresAt, input.occurredAt)));
    body.push(field(expired ? 'Expired' : 'Days left', daysLeftText(secret, expired)));
  }
  const resourceId = input.finding?.resourceId ?? input.resourceId;
  if (resourceId) body.push(...resourceFacts(resourceId));
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
  body.push(field('When', timeText(input.occurredAt)));
  if (input.ticket) body.push(field('Ticket', input.ticket.id));
  if (input.ledgerId) body.push(field('Ledger entry', input.ledgerId, true));
  if (input.kind === 'secret-expiry') body.push(label('What to do'), plain(ROTATE));
  if (input.kind === 'rule-error') body.push(plain(RULE_ERROR_NOTE, { subtle: true }));
  if (input.finding)
    body.push(...evidenceSection(input.finding.evidence, limits, input.occurredAt));
  if (input.details && input.details.length > 0) {
    const { shown, more } = truncateList(input.details, limits.maxItems);
    body.push(label(DETAILS_LABEL[input.kind]));
    for (const line of shown)
      body.push(plain(truncateText(line, limits.maxValueChars), { monospace: true }));
    if (more > 0) body.push(plain(moreMarker(more), { subtle: true }));
  }
  const actions = input.ticket?.url
    ? [{ type: 'Action.OpenUrl', title: 'Open the ticket', url: input.ticket.url }]
    : [];
  return envelope(body, actions);
}

export function alertCard(input: AlertInput): TeamsMessage {
  return fitToLimit((limits) => buildAlertCard(input, limits));
}
