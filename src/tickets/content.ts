import { EXEMPT_TAG, EXEMPT_UNTIL_TAG } from '../decide/exempt-tag';
import type { Finding, Principal } from '../domain';
import { createRedactor } from '../notify/redact';
import type { TicketContent } from './system';

export interface ContentInput {
  finding: Finding;
  ruleTitle: string;
  remedy: string;
  changedBy?: Principal;
  /** Where the ticket links back to (the ledger entry or approval page). */
  link?: string;
  /** Exact secret values known to the caller (webhook URLs, tokens) that must never appear. */
  secrets?: readonly string[];
}

/** The marker a ticket system searches on: stable per fingerprint, short enough for a label. */
export function ticketMarker(fingerprint: string): string {
  return `ward-${fingerprint.slice(0, 16)}`;
}

function resourceName(resourceId: string): string {
  return resourceId.split('/').filter(Boolean).at(-1) ?? resourceId;
}

export function principalLabel(principal: Principal | undefined): string {
  if (!principal) return 'unknown (no principal in the event)';
  return principal.upn ?? principal.name ?? principal.appId ?? principal.objectId ?? 'unknown';
}

function evidenceLines(finding: Finding): string[] {
  return finding.evidence.map(
    (item) =>
      `${item.path}: is ${JSON.stringify(item.actual)}, expected ${JSON.stringify(item.expected)}`,
  );
}

/**
 * Title and body of a finding's ticket. Every string passes the notifier's redactor, so a
 * signed URL, bearer token or a named secret in a message or evidence never reaches a ticket.
 */
export function ticketContent(input: ContentInput): TicketContent {
  const redactor = createRedactor(input.secrets ?? []);
  const clean = (text: string): string => redactor.string(text);
  const { finding } = input;
  const name = resourceName(finding.resourceId);
  const exemption =
    `Tag the resource \`${EXEMPT_TAG}: ${finding.ruleId}\` with \`${EXEMPT_UNTIL_TAG}: <date>\` ` +
    `where the policy allows tag exemptions, or ask the platform team for an exemption record ` +
    `(rule ${finding.ruleId}, scope ${finding.resourceId}, a reason and an expiry).`;
  const sections: [string, string][] = [
    ['Rule', `${finding.ruleId}: ${input.ruleTitle}`],
    ['Severity', finding.severity],
    ['Resource', `${name} (${finding.resourceType})`],
    ['Resource id', finding.resourceId],
    ['Finding', finding.message],
    ['Evidence', evidenceLines(finding).join('\n') || 'none recorded'],
    ['Remedy', input.remedy],
    ['Changed by', principalLabel(input.changedBy)],
    ['How to request an exemption', exemption],
    ...(input.link ? ([['In ward', input.link]] as [string, string][]) : []),
    ['Fingerprint', `${finding.fingerprint} (${ticketMarker(finding.fingerprint)})`],
  ];
  const paragraphs = sections.map(([label, text]) => clean(`${label}: ${text}`));
  const body = sections
    .map(([label, text]) =>
      label === 'Evidence'
        ? `**${label}**\n\n\`\`\`\n${clean(text)}\n\`\`\``
        : `**${label}**: ${clean(text)}`,
    )
    .join('\n\n');
  return {
    fingerprint: finding.fingerprint,
    marker: ticketMarker(finding.fingerprint),
    ruleId: finding.ruleId,
    severity: finding.severity,
    title: clean(`[ward] ${finding.severity}: ${input.ruleTitle} on ${name}`).slice(0, 250),
    body,
    paragraphs,
  };
}

/** A recurrence: the new evidence and who changed the resource. */
export function recurrenceComment(input: ContentInput, count: number): string {
  const redactor = createRedactor(input.secrets ?? []);
  return redactor.string(
    [
      `ward saw this finding again (${count} times so far), changed by ${principalLabel(input.changedBy)}.`,
      `Finding: ${input.finding.message}`,
      'Evidence:',
      ...evidenceLines(input.finding).map((line) => `- ${line}`),
    ].join('\n'),
  );
}

/** Why ward resolves a ticket: the rule passes now, or the resource is gone. */
export type ResolvedBecause = 'passes' | 'deleted';

export function resolvedComment(
  ruleId: string,
  resourceId: string,
  at: string,
  because: ResolvedBecause = 'passes',
): string {
  return because === 'deleted'
    ? `ward observed at ${at} that ${resourceId} was deleted; resolving this ticket of ${ruleId}: there is nothing left to fix.`
    : `ward observed at ${at} that ${resourceId} now passes ${ruleId}; resolving this ticket. It is reopened if the finding comes back.`;
}

export function reopenedComment(input: ContentInput): string {
  return recurrenceComment(input, 1).replace(
    /^ward saw this finding again \(1 times so far\)/,
    'The finding is back (a regression)',
  );
}
