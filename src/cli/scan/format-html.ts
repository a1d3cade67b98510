import { createHash } from 'node:crypto';
import { escapeHtml } from '../../approvals/html';
import type { DecisionVerb, Rule, Severity } from '../../domain';
import { stackedBarChart, severityLegend, type ChartRow } from './report-charts';
import { REPORT_SCRIPT } from './report-script';
import { idHtml, pathHtml, proseHtml, valueHtml } from './report-words';
import { REPORT_STYLE } from './report-style';
import type { ScanReport, ScanResult } from './run-scan';
import { resourceLabel } from './format-text';
import {
  failingInTableOrder,
  SEVERITY_ORDER,
  severityRank,
  WOULD_DO_ORDER,
  WOULD_DO_TEXT,
  wouldDoText,
} from './table-order';

/** The rule metadata the report reads: each finding's remedy. */
export type ReportRules = readonly Pick<Rule, 'metadata'>[];

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * Nothing may be fetched: no network, no other file. The style and the script are allowed by
 * their hashes, so markup that slipped through escaping could neither run nor load anything.
 */
export function reportCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(REPORT_STYLE)}`,
    `script-src ${sha256(REPORT_SCRIPT)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The subscription a result belongs to: from its ARM id, or its vault's for a secret. */
export function subscriptionOf(result: Pick<ScanResult, 'resourceId' | 'vaultId'>): string {
  const armId = /^\/subscriptions\//i.test(result.resourceId)
    ? result.resourceId
    : (result.vaultId ?? '');
  return /^\/subscriptions\/([^/]+)/i.exec(armId)?.[1]?.toLowerCase() ?? 'unknown';
}

function badge(severity: string): string {
  return `<span class="badge sev-${escapeHtml(severity)}">${escapeHtml(severity)}</span>`;
}

function evidenceHtml(result: ScanResult): string {
  if (result.evidence.length === 0) return '';
  const items = result.evidence.map((e) => {
    const actual = e.actual === undefined ? 'absent' : JSON.stringify(e.actual);
    const note = e.note ? ` <span class="evidence-note">${proseHtml(e.note)}</span>` : '';
    return `<li><code>${pathHtml(e.path)}</code> is <code>${valueHtml(actual)}</code>, expected ${proseHtml(e.expected)}.${note}</li>`;
  });
  return `<h3>Evidence</h3><ul>${items.join('')}</ul>`;
}

function detailsHtml(
  result: ScanResult,
  rules: ReadonlyMap<string, Pick<Rule, 'metadata'>>,
): string {
  const rule = rules.get(result.ruleId)?.metadata;
  const reasons = result.wouldDo?.reasons ?? [];
  const facts: [string, string][] = [
    ['Resource', `<code>${idHtml(result.resourceId)}</code>`],
    ...(result.vaultId
      ? [['Vault', `<code>${idHtml(result.vaultId)}</code>`] as [string, string]]
      : []),
    ['Subscription', `<code>${idHtml(subscriptionOf(result))}</code>`],
    ...(rule ? [['Rule', proseHtml(rule.title)] as [string, string]] : []),
    ...(result.wouldDo
      ? [
          [
            'Mode',
            `<code>${escapeHtml(result.wouldDo.mode)}</code>${result.wouldDo.actionId ? `, action <code>${idHtml(result.wouldDo.actionId)}</code>` : ''}`,
          ] as [string, string],
        ]
      : []),
  ];
  return (
    `<div class="more">${evidenceHtml(result)}` +
    (rule ? `<h3>Remedy</h3><p>${proseHtml(rule.remedy.summary)}</p>` : '') +
    (reasons.length > 0
      ? `<h3>Why ward would ${escapeHtml(wouldDoText(result))}</h3><ul>${reasons.map((r) => `<li>${proseHtml(r.text)}</li>`).join('')}</ul>`
      : '') +
    `<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl></div>`
  );
}

function searchText(result: ScanResult): string {
  return [
    result.severity,
    result.ruleId,
    result.resourceId,
    resourceLabel(result),
    result.vaultId ?? '',
    result.message,
    wouldDoText(result),
    ...result.evidence.map((e) => e.path),
  ]
    .join(' ')
    .toLowerCase();
}

function row(
  result: ScanResult,
  order: number,
  rules: ReadonlyMap<string, Pick<Rule, 'metadata'>>,
): string {
  const verb: DecisionVerb = result.wouldDo?.verb ?? 'none';
  const label = resourceLabel(result);
  return (
    `<tr data-order="${order}" data-severity="${escapeHtml(result.severity)}" data-rule="${escapeHtml(result.ruleId)}" data-verb="${verb}" data-subscription="${escapeHtml(subscriptionOf(result))}" data-search="${escapeHtml(searchText(result))}">` +
    `<td data-sort="${severityRank(result.severity)}">${badge(result.severity)}</td>` +
    `<td data-sort="${escapeHtml(result.ruleId)}"><code>${idHtml(result.ruleId)}</code></td>` +
    `<td data-sort="${escapeHtml(label.toLowerCase())}" title="${escapeHtml(result.resourceId)}"><code>${idHtml(label)}</code></td>` +
    `<td data-sort="${escapeHtml(result.message.toLowerCase())}"><details><summary>${proseHtml(result.message)}</summary>${detailsHtml(result, rules)}</details></td>` +
    `<td data-sort="${WOULD_DO_ORDER.indexOf(verb)}" class="would">${escapeHtml(WOULD_DO_TEXT[verb])}</td>` +
    `</tr>`
  );
}

/** Column headers: name, sort type, and how each direction reads in the status line. */
const COLUMNS: { name: string; type: 'number' | 'text'; ascending: string; descending: string }[] =
  [
    {
      name: 'Severity',
      type: 'number',
      ascending: 'most severe first',
      descending: 'least severe first',
    },
    { name: 'Rule', type: 'text', ascending: 'A to Z', descending: 'Z to A' },
    { name: 'Resource', type: 'text', ascending: 'A to Z', descending: 'Z to A' },
    { name: 'Finding', type: 'text', ascending: 'A to Z', descending: 'Z to A' },
    { name: 'ward would', type: 'number', ascending: 'fixes first', descending: 'fixes last' },
  ];

function header(): string {
  return COLUMNS.map(
    (column, index) =>
      `<th scope="col" data-name="${column.name}" data-type="${column.type}" data-ascending="${column.ascending}" data-descending="${column.descending}"${index === 0 ? ' aria-sort="ascending"' : ''}><button type="button" disabled>${column.name}</button></th>`,
  ).join('');
}

function countsTable(caption: string, rows: [string, number][]): string {
  return (
    `<div class="card"><h3>${caption}</h3><table class="counts"><tbody>` +
    rows
      .map(
        ([label, n]) =>
          `<tr${n === 0 ? ' class="zero"' : ''}><th scope="row">${label}</th><td>${n}</td></tr>`,
      )
      .join('') +
    `</tbody></table></div>`
  );
}

function option(value: string, text: string): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(text)}</option>`;
}

function controls(failing: readonly ScanResult[], subscriptions: readonly string[]): string {
  const severities = SEVERITY_ORDER.filter((s) => failing.some((r) => r.severity === s));
  const verbs = WOULD_DO_ORDER.filter((v) =>
    failing.some((r) => (r.wouldDo?.verb ?? 'none') === v),
  );
  return (
    `<div class="controls" id="controls" hidden>` +
    `<label>Filter<input type="search" id="filter-text" placeholder="rule, resource, text" autocomplete="off"></label>` +
    `<label>Severity<select id="filter-severity" data-filter="severity">${option('', 'any')}${severities.map((s) => option(s, s)).join('')}</select></label>` +
    `<label>ward would<select id="filter-verb" data-filter="verb">${option('', 'anything')}${verbs.map((v) => option(v, WOULD_DO_TEXT[v])).join('')}</select></label>` +
    `<label>Subscription<select id="filter-subscription" data-filter="subscription">${option('', 'any')}${subscriptions.map((s) => option(s, s)).join('')}</select></label>` +
    `</div>`
  );
}

function byKey(
  failing: readonly ScanResult[],
  key: (result: ScanResult) => string,
  keys: readonly string[] = [],
): ChartRow[] {
  const rows = new Map<string, Partial<Record<Severity, number>>>(keys.map((k) => [k, {}]));
  for (const result of failing) {
    const counts = rows.get(key(result)) ?? {};
    counts[result.severity] = (counts[result.severity] ?? 0) + 1;
    rows.set(key(result), counts);
  }
  return [...rows].map(([label, counts]) => ({ label, counts }));
}

function sum(row: ChartRow): number {
  return Object.values(row.counts).reduce((a, b) => a + b, 0);
}

function chartsHtml(failing: readonly ScanResult[], subscriptions: readonly string[]): string {
  // Most findings first; equal counts by name, so the page is the same for the same scan.
  const ranked = (rows: ChartRow[]): ChartRow[] =>
    rows.sort((a, b) => sum(b) - sum(a) || a.label.localeCompare(b.label));
  const byRule = ranked(byKey(failing, (r) => r.ruleId));
  const bySubscription = ranked(
    byKey(
      failing,
      subscriptionOf,
      subscriptions.map((s) => s.toLowerCase()),
    ),
  );
  const shown = SEVERITY_ORDER.filter((s) => failing.some((r) => r.severity === s));
  return (
    `<div class="charts">` +
    `<figure><figcaption>Findings by rule and severity</figcaption>${stackedBarChart({ title: 'Findings by rule and severity', rows: byRule })}${severityLegend(shown)}</figure>` +
    `<figure><figcaption>Findings by subscription</figcaption>${stackedBarChart({ title: 'Findings by subscription', rows: bySubscription })}${severityLegend(shown)}</figure>` +
    `</div>`
  );
}

/**
 * A self-contained report page to share: summaries, charts, and the findings in the terminal
 * table's order with its words, sortable and filterable, each finding's evidence and remedy
 * behind a disclosure. Every value from a scan is escaped; the page loads nothing.
 */
export function scanHtml(report: ScanReport, rules: ReportRules = []): string {
  const { summary } = report;
  const ruleMap = new Map(rules.map((rule) => [rule.metadata.id as string, rule]));
  const failing = failingInTableOrder(report.results);
  const subscriptions = [...new Set(summary.subscriptions.map((s) => s.toLowerCase()))];
  const scanCounts: [string, number][] = [
    ['Resources', summary.resources],
    ['Failing', summary.fail],
    ['Passing', summary.pass],
    ['Skipped', summary.skip],
    ['Not judged', summary.error],
    ['Unreadable', summary.readErrors],
  ];
  const severityCounts: [string, number][] = SEVERITY_ORDER.map((s) => [
    badge(s),
    failing.filter((r) => r.severity === s).length,
  ]);
  const verbCounts: [string, number][] = WOULD_DO_ORDER.map((v) => [
    escapeHtml(WOULD_DO_TEXT[v]),
    failing.filter((r) => (r.wouldDo?.verb ?? 'none') === v).length,
  ]);
  const errors = report.readErrors
    .map((e) => `<li><code>${idHtml(e.resourceId)}</code>: ${proseHtml(e.message)}</li>`)
    .join('');
  const table =
    failing.length === 0
      ? `<p>No rule fails.</p>`
      : `${controls(failing, subscriptions)}<p id="shown" role="status">${failing.length} findings, most severe first.</p>` +
        `<div class="table-wrap"><table class="findings" id="findings"><thead><tr>${header()}</tr></thead><tbody>` +
        failing.map((result, index) => row(result, index, ruleMap)).join('\n') +
        `</tbody></table></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${reportCsp()}">
<meta name="referrer" content="no-referrer">
<title>ward scan report</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<h1>ward scan report</h1>
<p class="note">Dry run at ${escapeHtml(summary.scannedAt)} over ${subscriptions.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')}. Nothing was changed.</p>
<h2>Summary</h2>
<div class="cards">
${countsTable('Scan', scanCounts)}
${countsTable('Findings by severity', severityCounts)}
${countsTable('What ward would do', verbCounts)}
</div>
${failing.length > 0 ? `<h2>Charts</h2>${chartsHtml(failing, subscriptions)}` : ''}
<section id="findings-section">
<h2>Findings (${failing.length})</h2>
${table}
</section>
${errors ? `<h2>Unreadable resources (${report.readErrors.length})</h2><ul>${errors}</ul>` : ''}
</main>
${failing.length > 0 ? `<script>${REPORT_SCRIPT}</script>` : ''}
</body>
</html>
`;
}
