import type { Cell } from '../format/table';
import { paint, renderTable } from '../format/table';
import type { ScanReport, ScanResult } from './run-scan';
import { failingInTableOrder, WOULD_DO_ORDER, WOULD_DO_TEXT, wouldDoText } from './table-order';

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
  const failing = failingInTableOrder(report.results);
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
          wouldDoText(result),
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
  const would = WOULD_DO_ORDER.filter((verb) => summary.wouldDo[verb] > 0)
    .map((verb) => `${WOULD_DO_TEXT[verb]}: ${summary.wouldDo[verb]}`)
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
