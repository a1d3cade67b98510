import type { Cell } from '../format/table';
import { paint, renderTable } from '../format/table';
import type { ScanReport, ScanResult } from './run-scan';

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'informational'];

const VERB_TEXT: Record<string, string> = {
  remediate: 'fix (auto)',
  'request-approval': 'ask approval',
  'open-ticket': 'open ticket',
  record: 'record',
  none: 'nothing (off)',
};

/** An ARM id without its subscription, group and namespaces; a secret URL without its scheme. */
export function shortName(resourceId: string): string {
  if (/^https:\/\//i.test(resourceId)) {
    const url = new URL(resourceId);
    return `${url.host}${url.pathname}`;
  }
  // `.../providers/{namespace}/{type}/{name}[/{type}/{name}...]`, extension resources included
  // (`vaults/kv/diagnosticSettings/name`).
  const parts = resourceId.split('/');
  const kept: string[] = [];
  for (
    let i = parts.findIndex((p) => p.toLowerCase() === 'providers');
    i >= 0 && i < parts.length;
  ) {
    if (parts[i]?.toLowerCase() === 'providers') {
      i += 2;
      continue;
    }
    kept.push(parts[i] ?? '');
    i += 1;
  }
  return kept.length > 0 ? kept.join('/') : resourceId;
}

/** How a result's resource is shown: a secret by its vault's name, not its host. */
export function resourceLabel(result: { resourceId: string; vaultId?: string }): string {
  if (result.vaultId && /^https:\/\//i.test(result.resourceId)) {
    const secret = new URL(result.resourceId).pathname.split('/').slice(0, 3).join('/');
    return `${shortName(result.vaultId)}${secret}`;
  }
  return shortName(result.resourceId);
}

function severityCell(result: ScanResult): Cell {
  const color = result.severity === 'high' || result.severity === 'critical' ? 'red' : 'yellow';
  return { text: result.severity, color };
}

/** The summary table a person reads: failing results first by severity, then the counts. */
export function scanText(report: ScanReport, options: { color: boolean }): string {
  const failing = report.results
    .filter((result) => result.status === 'fail')
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  const { summary } = report;
  const lines: string[] = [];
  if (failing.length > 0) {
    lines.push(
      renderTable(
        ['SEVERITY', 'RULE', 'RESOURCE', 'WOULD DO'],
        failing.map((result) => [
          severityCell(result),
          result.ruleId,
          resourceLabel(result),
          VERB_TEXT[result.wouldDo?.verb ?? 'none'] ?? '',
        ]),
        options,
      ),
    );
  } else {
    lines.push(paint('No rule fails.', 'green', options.color) + '\n');
  }
  for (const error of report.readErrors) {
    lines.push(
      `${paint('unreadable', 'red', options.color)} ${error.resourceId}: ${error.message}\n`,
    );
  }
  const would = Object.entries(summary.wouldDo)
    .filter(([, n]) => n > 0)
    .map(([verb, n]) => `${VERB_TEXT[verb] ?? verb}: ${n}`)
    .join(', ');
  lines.push(
    `\n${summary.resources} resources in ${summary.subscriptions.length} subscription(s): ` +
      `${summary.fail} failing, ${summary.pass} passing, ${summary.skip} skipped, ` +
      `${summary.error} not judged, ${summary.readErrors} unreadable.\n`,
  );
  if (would) lines.push(`ward would: ${would}.\n`);
  lines.push('Dry run: nothing was changed.\n');
  return lines.join('');
}
