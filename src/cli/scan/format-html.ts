import { escapeHtml } from '../../approvals/html';
import type { ScanReport, ScanResult } from './run-scan';
import { resourceLabel } from './format-text';

const STYLE = `
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f3f3f3}
main{max-width:72rem;margin:0 auto;padding:1rem;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #c8c8c8}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #c8c8c8;padding:.35rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f0f0}
code{font-family:ui-monospace,Consolas,monospace;font-size:.85rem}
.sev-critical,.sev-high{color:#a4262c;font-weight:600}.sev-medium{color:#8a5300;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.note{color:#4a4a4a}
`;

function evidenceHtml(result: ScanResult): string {
  return result.evidence
    .map(
      (e) =>
        `<div><code>${escapeHtml(e.path)}</code>: ${escapeHtml(e.actual === undefined ? 'absent' : JSON.stringify(e.actual))} (expected ${escapeHtml(e.expected)})</div>`,
    )
    .join('');
}

function row(result: ScanResult): string {
  const would = result.wouldDo
    ? `${escapeHtml(result.wouldDo.verb)}${result.wouldDo.actionId ? ` <code>${escapeHtml(result.wouldDo.actionId)}</code>` : ''}`
    : '';
  return `<tr><td class="sev-${escapeHtml(result.severity)}">${escapeHtml(result.severity)}</td><td><code>${escapeHtml(result.ruleId)}</code></td><td title="${escapeHtml(result.resourceId)}">${escapeHtml(resourceLabel(result))}</td><td>${escapeHtml(result.message)}${evidenceHtml(result)}</td><td>${would}</td></tr>`;
}

/** A self-contained report page (no scripts, no external loads); every value is escaped. */
export function scanHtml(report: ScanReport): string {
  const { summary } = report;
  const failing = report.results.filter((r) => r.status === 'fail');
  const counts: [string, number][] = [
    ['Resources', summary.resources],
    ['Failing', summary.fail],
    ['Passing', summary.pass],
    ['Skipped', summary.skip],
    ['Not judged', summary.error],
    ['Unreadable', summary.readErrors],
  ];
  const errors = report.readErrors
    .map((e) => `<li><code>${escapeHtml(e.resourceId)}</code>: ${escapeHtml(e.message)}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>ward scan report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>ward scan report</h1>
<p class="note">Dry run at ${escapeHtml(summary.scannedAt)} over ${summary.subscriptions.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ')}. Nothing was changed.</p>
<h2>Summary</h2>
<dl>${counts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
<h2>Failing rules (${failing.length})</h2>
<table>
<thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Finding</th><th>ward would</th></tr></thead>
<tbody>
${failing.map(row).join('\n')}
</tbody>
</table>
${errors ? `<h2>Unreadable resources</h2><ul>${errors}</ul>` : ''}
</main>
</body>
</html>
`;
}
