import type { PropertyChange } from '../actions/types';
import { principalText } from '../notify/cards/elements';
import { jsonText } from '../notify/json-text';
import { CSRF_FIELD } from './csrf';
import { escapeHtml as e, layout } from './html';
import type { Approval } from './types';

export interface ApprovalPageInput {
  approval: Approval;
  csrfToken: string;
  /** Where the form posts: the approval's own URL. */
  actionUrl: string;
  now: Date;
  viewer: { name: string };
  /** Shown above the form (e.g. "the resource changed since the plan"). */
  notice?: string;
  /** A validation problem with the last submission. */
  error?: string;
  /** Offer a time-boxed exemption with a rejection. */
  exemptionDays?: readonly number[];
}

function formatValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  return jsonText(value, 2);
}

/** "in 3 hours", "5 minutes ago": beside the UTC time, for people in any time zone. */
export function relativeTime(target: Date, now: Date): string {
  const diff = target.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  let text = 'less than a minute';
  for (const [ms, unit] of units) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      text = `${n} ${unit}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

export function utc(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

export function renderDiff(changes: readonly PropertyChange[]): string {
  if (changes.length === 0) return '<p>The plan changes no properties.</p>';
  return changes
    .map(
      (change) => `<div class="diff" role="group" aria-label="Change to ${e(change.path)}">
<div class="diff-path mono">${e(change.path)}</div>
<del class="mono"><span class="sign" aria-hidden="true">−</span><span class="visually-hidden">Before: </span>${e(formatValue(change.before))}</del>
<ins class="mono"><span class="sign" aria-hidden="true">+</span><span class="visually-hidden">After: </span>${e(formatValue(change.after))}</ins>
</div>`,
    )
    .join('\n');
}

function summary(approval: Approval, now: Date): string {
  const { finding, rule, requestedBy } = approval;
  const expires = new Date(approval.expiresAt);
  const evidenceRows = finding.evidence
    .map(
      (item) =>
        `<tr><td class="mono" data-label="Property">${e(item.path)}</td><td class="mono" data-label="Actual">${e(formatValue(item.actual))}</td><td data-label="Expected">${e(item.expected)}</td><td data-label="Note">${e(item.note ?? '')}</td></tr>`,
    )
    .join('\n');
  const reasons = requestedBy.reasons.map((r) => `<li>${e(r)}</li>`).join('');
  return `<h2 id="finding">What ward found</h2>
<dl>
<dt>Resource</dt><dd class="mono">${e(approval.resourceId)}</dd>
<dt>Type</dt><dd>${e(finding.resourceType)}</dd>
<dt>Rule</dt><dd>${e(rule.title)} (<code>${e(approval.ruleId)}</code>)</dd>
<dt>Severity</dt><dd>${e(finding.severity)}</dd>
<dt>Finding</dt><dd>${e(finding.message)}</dd>
<dt>Why it matters</dt><dd>${e(rule.rationale)}</dd>
</dl>
<h2 id="evidence">Evidence</h2>
${
  finding.evidence.length === 0
    ? '<p>No evidence recorded.</p>'
    : `<table><caption class="visually-hidden">Evidence</caption><thead><tr><th scope="col">Property</th><th scope="col">Actual</th><th scope="col">Expected</th><th scope="col">Note</th></tr></thead><tbody>${evidenceRows}</tbody></table>`
}
<h2 id="plan">Planned change</h2>
<p>${e(approval.plan.summary)} <span class="hint">(action <code>${e(approval.plan.actionId)}</code>)</span></p>
${renderDiff(approval.plan.changes)}
<h2 id="context">Requested because</h2>
<dl>
<dt>Insecure change by</dt><dd>${e(principalText(requestedBy.changedBy))}</dd>
${requestedBy.eventId ? `<dt>Event</dt><dd class="mono">${e(requestedBy.eventId)}</dd>` : ''}
<dt>Requested</dt><dd>${e(utc(approval.createdAt))}</dd>
<dt>Expires</dt><dd><time datetime="${e(approval.expiresAt)}">${e(utc(approval.expiresAt))}</time> (${e(relativeTime(expires, now))})</dd>
</dl>
${reasons ? `<ul>${reasons}</ul>` : ''}`;
}

export function renderApprovalPage(input: ApprovalPageInput): string {
  const { approval } = input;
  const exemption =
    input.exemptionDays && input.exemptionDays.length > 0
      ? `<label for="exemptionDays">If you reject: exempt this resource from the rule for</label>
<select id="exemptionDays" name="exemptionDays">
<option value="0">No exemption</option>
${input.exemptionDays.map((d) => `<option value="${d}">${d} days</option>`).join('')}
</select>`
      : '';
  const body = `<h1>Approve or reject: ${e(approval.plan.summary)}</h1>
<p>Signed in as ${e(input.viewer.name)}.</p>
${input.notice ? `<div class="notice" role="status">${e(input.notice)}</div>` : ''}
${input.error ? `<div class="error" role="alert">${e(input.error)}</div>` : ''}
${summary(approval, input.now)}
<h2 id="decide">Your decision</h2>
<form method="post" action="${e(input.actionUrl)}">
<input type="hidden" name="${CSRF_FIELD}" value="${e(input.csrfToken)}">
<label for="reason">Reason <span class="hint">(required to reject; recorded in the audit trail)</span></label>
<textarea id="reason" name="reason" maxlength="1000" aria-describedby="reason-hint"></textarea>
<p id="reason-hint" class="hint">Approving applies the planned change above after ward re-reads the resource. If the resource changed since the plan, you will be shown the new plan instead.</p>
${exemption}
<div class="buttons">
<button type="submit" name="decision" value="approve" class="approve">Approve and apply the change</button>
<button type="submit" name="decision" value="reject" class="reject">Reject</button>
</div>
</form>`;
  return layout(`Approval: ${e(approval.plan.summary)}`, body);
}

export type MessagePageKind = 'info' | 'ok' | 'error';

/** A page that explains why nothing happened, or what did. */
export function renderMessagePage(input: {
  title: string;
  paragraphs: string[];
  kind?: MessagePageKind;
  approval?: Approval;
  now?: Date;
  links?: { href: string; text: string }[];
}): string {
  const kind = input.kind ?? 'info';
  const box = kind === 'info' ? 'notice' : kind;
  const role = kind === 'error' ? 'alert' : 'status';
  const body = `<h1>${e(input.title)}</h1>
<div class="${box}" role="${role}">${input.paragraphs.map((p) => `<p>${e(p)}</p>`).join('')}</div>
${(input.links ?? []).map((link) => `<p><a href="${e(link.href)}">${e(link.text)}</a></p>`).join('')}
${input.approval && input.now ? summary(input.approval, input.now) : ''}`;
  return layout(e(input.title), body);
}
