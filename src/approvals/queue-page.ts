import { SEVERITIES } from '../domain/mode';
import { CSRF_FIELD } from './csrf';
import { escapeHtml as e, layout } from './html';
import { relativeTime, utc } from './page';
import { QUEUE_PAGE_SIZE, queueSearch, type QueueQuery } from './queue-query';
import { MAX_PENDING_READ, type Facet, type QueueView } from './queue-view';
import type { Approval } from './types';

/** What became of one approval in a bulk decision, for the results table. */
export interface BulkItemResult {
  approvalId: string;
  /** Absent when the id names no approval. */
  approval?: Approval;
  /** `done`: decided as asked; `refused`: nothing was done to it. */
  status: 'done' | 'refused';
  /** For people: what happened. */
  text: string;
  link?: { href: string; text: string };
}

export interface QueuePageInput {
  viewer: { name: string };
  now: Date;
  /** The queue's own URL, without a query. */
  queueUrl: string;
  approvalUrl: (id: string) => string;
  query: QueueQuery;
  view: QueueView;
  /** The pending approvals were more than one request reads: the view covers the first ones. */
  truncated: boolean;
  recent: Approval[];
  csrfToken: string;
  exemptionDays?: readonly number[];
  /** The outcome of the bulk decision just made. */
  results?: { decision: 'approve' | 'reject'; items: BulkItemResult[] };
  /** A problem with the last submission (nothing was decided). */
  error?: string;
}

/** The queue is a wide table: the page may use the whole window. */
const QUEUE_STYLE = `<style>
main{max-width:90rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end;margin:0 0 1rem}
.filters label{margin:0 0 .25rem}
.filters select{width:auto;min-width:10rem}
.filters .buttons{margin:0}
td .mono,td code{overflow-wrap:break-word}
td.nowrap{white-space:nowrap}
td.pick{width:2.5rem;text-align:center}
td.pick input{width:1.25rem;height:1.25rem}
.pager{display:flex;gap:1rem;align-items:center;margin:.75rem 0}
.status-done{color:#0f4a12;font-weight:600}.status-refused{color:#6e0b12;font-weight:600}
.small{font-size:.85rem}
</style>`;

const AGE_CHOICES: { value: number; label: string }[] = [
  { value: 1, label: 'older than 1 hour' },
  { value: 4, label: 'older than 4 hours' },
  { value: 12, label: 'older than 12 hours' },
  { value: 20, label: 'older than 20 hours' },
];

function select(
  name: string,
  label: string,
  anyLabel: string,
  options: { value: string; label: string }[],
  chosen: string | undefined,
): string {
  const known = options.some((option) => option.value === chosen);
  const all =
    chosen !== undefined && !known ? [...options, { value: chosen, label: chosen }] : options;
  return `<div><label for="filter-${name}">${e(label)}</label>
<select id="filter-${name}" name="${name}">
<option value="">${e(anyLabel)}</option>
${all.map((option) => `<option value="${e(option.value)}"${option.value === chosen ? ' selected' : ''}>${e(option.label)}</option>`).join('\n')}
</select></div>`;
}

const facetOptions = (facets: Facet[]): { value: string; label: string }[] =>
  facets.map((facet) => ({ value: facet.value, label: `${facet.label}: ${facet.count}` }));

function filterForm(input: QueuePageInput): string {
  const { query, view } = input;
  return `<h2 id="filters">Filter the queue</h2>
<form method="get" action="${e(input.queueUrl)}" class="filters" aria-label="Filter the queue">
${select('subscription', 'Subscription', 'Any subscription', facetOptions(view.subscriptions), query.subscription)}
${select('rule', 'Rule', 'Any rule', facetOptions(view.rules), query.rule)}
${select(
  'severity',
  'Severity',
  'Any severity',
  SEVERITIES.map((s) => ({ value: s, label: s })),
  query.severity,
)}
${select(
  'minAgeHours',
  'Age',
  'Any age',
  AGE_CHOICES.map((c) => ({ value: String(c.value), label: c.label })),
  query.minAgeHours === undefined ? undefined : String(query.minAgeHours),
)}
<div class="buttons"><button type="submit">Filter</button></div>
<p><a href="${e(input.queueUrl)}">Clear filters</a></p>
</form>`;
}

/** An escaped resource id that wraps at its slashes, never inside a name. */
function wrappingId(resourceId: string): string {
  return e(resourceId).replaceAll('/', '/<wbr>');
}

function resourceName(resourceId: string): string {
  return resourceId.split('/').filter(Boolean).at(-1) ?? resourceId;
}

function when(iso: string, now: Date): string {
  return `<time datetime="${e(iso)}">${e(utc(iso))}</time><br><span class="hint">${e(relativeTime(new Date(iso), now))}</span>`;
}

function pendingRow(approval: Approval, input: QueuePageInput, selectable: boolean): string {
  const name = resourceName(approval.resourceId);
  const pick = selectable
    ? `<td class="pick"><input type="checkbox" name="id" value="${e(approval.id)}" id="pick-${e(approval.id)}" aria-label="Select ${e(name)}"></td>`
    : '';
  return `<tr data-approval-id="${e(approval.id)}">${pick}
<td data-label="Resource"><strong>${e(name)}</strong><br><span class="mono small">${wrappingId(approval.resourceId)}</span></td>
<td data-label="Rule">${e(approval.rule.title)}<br><code class="small">${e(approval.ruleId)}</code></td>
<td data-label="Severity">${e(approval.finding.severity)}</td>
<td data-label="Planned change">${e(approval.plan.summary)}</td>
<td data-label="Requested" class="nowrap">${when(approval.createdAt, input.now)}</td>
<td data-label="Expires" class="nowrap">${when(approval.expiresAt, input.now)}</td>
<td data-label="Review"><a href="${e(input.approvalUrl(approval.id))}">Review<span class="visually-hidden"> ${e(name)}</span></a></td>
</tr>`;
}

function pager(input: QueuePageInput): string {
  const { view, query } = input;
  if (view.pages <= 1) return '';
  const link = (page: number, text: string): string =>
    `<a href="${e(input.queueUrl + queueSearch({ ...query, page }))}">${e(text)}</a>`;
  return `<nav class="pager" aria-label="Pages of the queue">
${view.page > 1 ? link(view.page - 1, 'Previous page') : ''}
<span>Page ${view.page} of ${view.pages}</span>
${view.page < view.pages ? link(view.page + 1, 'Next page') : ''}
</nav>`;
}

function decisionControls(input: QueuePageInput): string {
  const exemption =
    input.exemptionDays && input.exemptionDays.length > 0
      ? `<label for="exemptionDays">If you reject: exempt these resources from the rule for</label>
<select id="exemptionDays" name="exemptionDays">
<option value="0">No exemption</option>
${input.exemptionDays.map((d) => `<option value="${d}">${d} days</option>`).join('')}
</select>`
      : '';
  return `<h3 id="bulk-decide">Decide the selected approvals</h3>
<label for="reason">Reason <span class="hint">(required to reject; recorded for each approval)</span></label>
<textarea id="reason" name="reason" maxlength="1000" aria-describedby="bulk-hint"></textarea>
<p id="bulk-hint" class="hint">Each selected approval is decided on its own: ward re-reads the resource and re-plans the fix before it changes anything. An approval whose resource changed since its plan is refused and replaced by a new plan; the others go through.</p>
${exemption}
<div class="buttons">
<button type="submit" name="decision" value="approve" class="approve">Approve selected</button>
<button type="submit" name="decision" value="reject" class="reject">Reject selected</button>
</div>`;
}

function pendingSection(input: QueuePageInput): string {
  const { view, query } = input;
  const first = (view.page - 1) * QUEUE_PAGE_SIZE + 1;
  const last = first + view.items.length - 1;
  const heading = `<h2 id="pending">Pending approvals (${view.matching})</h2>`;
  const truncated = input.truncated
    ? `<div class="notice" role="status">More than ${MAX_PENDING_READ.toLocaleString('en')} approvals are pending; the queue lists the first ${MAX_PENDING_READ.toLocaleString('en')} it read. Narrow it by rule or age to see the others.</div>`
    : '';
  if (view.items.length === 0) {
    return `${heading}${truncated}<p>No pending approvals match these filters.</p>`;
  }
  const selectable = query.rule !== undefined;
  const table = `<table id="pending-table"><caption class="visually-hidden">Pending approvals</caption>
<thead><tr>${selectable ? '<th scope="col"><span class="visually-hidden">Select</span></th>' : ''}<th scope="col">Resource</th><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Planned change</th><th scope="col">Requested</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Review</span></th></tr></thead>
<tbody>
${view.items.map((approval) => pendingRow(approval, input, selectable)).join('\n')}
</tbody></table>`;
  const intro = `<p>Showing ${first}–${last} of ${view.matching}, the soonest to expire first.</p>`;
  if (!selectable) {
    return `${heading}${truncated}${intro}
<p class="hint">To decide several at once, filter the queue by one rule.</p>
${table}${pager(input)}`;
  }
  return `${heading}${truncated}${intro}
<form method="post" action="${e(input.queueUrl + queueSearch(query))}" aria-label="Decide approvals in bulk">
<input type="hidden" name="${CSRF_FIELD}" value="${e(input.csrfToken)}">
<input type="hidden" name="rule" value="${e(query.rule)}">
${table}${pager(input)}
${decisionControls(input)}
</form>`;
}

function recentSection(input: QueuePageInput): string {
  const heading = '<h2 id="recent">Recently decided</h2>';
  if (input.recent.length === 0)
    return `${heading}<p>No approvals were decided in the last 7 days.</p>`;
  const rows = input.recent
    .map(
      (approval) => `<tr>
<td data-label="Decided" class="nowrap">${approval.decidedAt ? when(approval.decidedAt, input.now) : ''}</td>
<td data-label="Decision">${e(approval.status)}</td>
<td data-label="By">${e(approval.decidedBy?.name ?? '')}</td>
<td data-label="Why">${e(approval.reason ?? '')}</td>
<td data-label="Resource"><strong>${e(resourceName(approval.resourceId))}</strong><br><span class="mono small">${wrappingId(approval.resourceId)}</span></td>
<td data-label="Rule"><code class="small">${e(approval.ruleId)}</code></td>
</tr>`,
    )
    .join('\n');
  return `${heading}
<table id="recent-table"><caption class="visually-hidden">Recently decided approvals</caption>
<thead><tr><th scope="col">Decided</th><th scope="col">Decision</th><th scope="col">By</th><th scope="col">Why</th><th scope="col">Resource</th><th scope="col">Rule</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

function resultsSection(results: NonNullable<QueuePageInput['results']>): string {
  const done = results.items.filter((item) => item.status === 'done').length;
  const refused = results.items.length - done;
  const verb = results.decision === 'approve' ? 'approved' : 'rejected';
  const rows = results.items
    .map(
      (item) => `<tr data-approval-id="${e(item.approvalId)}">
<td data-label="Resource">${item.approval ? `<strong>${e(resourceName(item.approval.resourceId))}</strong><br><span class="mono small">${wrappingId(item.approval.resourceId)}</span>` : `<span class="mono">${e(item.approvalId)}</span>`}</td>
<td data-label="Result" class="status-${item.status}">${item.status === 'done' ? 'Done' : 'Refused'}</td>
<td data-label="What happened">${e(item.text)}${item.link ? ` <a href="${e(item.link.href)}">${e(item.link.text)}</a>` : ''}</td>
</tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="results">
<h2 id="results">Your bulk decision</h2>
<div class="${refused > 0 ? 'notice' : 'ok'}" role="status"><p>${done} ${verb}, ${refused} refused. Each approval was decided on its own and recorded in the audit trail.</p></div>
<table id="results-table"><caption class="visually-hidden">Outcome per approval</caption>
<thead><tr><th scope="col">Resource</th><th scope="col">Result</th><th scope="col">What happened</th></tr></thead>
<tbody>${rows}</tbody></table>
</section>`;
}

/** The approvals queue: filters, the pending approvals, bulk decisions and recent decisions. */
export function renderQueuePage(input: QueuePageInput): string {
  const body = `${QUEUE_STYLE}
<h1>Approvals queue</h1>
<p>Signed in as ${e(input.viewer.name)}.</p>
${input.error ? `<div class="error" role="alert">${e(input.error)}</div>` : ''}
${input.results ? resultsSection(input.results) : ''}
${filterForm(input)}
${pendingSection(input)}
${recentSection(input)}`;
  return layout('Approvals queue', body);
}

/** The queue's answer to filters it cannot read: what is wrong, and a way back. */
export function renderBadQueryPage(queueUrl: string, problems: string[]): string {
  const body = `<h1>The queue's filters could not be read</h1>
<div class="error" role="alert"><ul>${problems.map((p) => `<li>${e(p)}</li>`).join('')}</ul></div>
<p><a href="${e(queueUrl)}">Open the whole queue</a></p>`;
  return layout('Approvals queue', body);
}
