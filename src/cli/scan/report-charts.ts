import { escapeHtml } from '../../approvals/html';
import type { Severity } from '../../domain';
import { SEVERITY_ORDER } from './table-order';

/** Fill per severity; each has at least 4.5:1 contrast with white text on it (the badges). */
export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#6e0b12',
  high: '#c50f1f',
  medium: '#8a5300',
  low: '#0b5394',
  informational: '#5c5c5c',
};

export interface ChartRow {
  label: string;
  counts: Partial<Record<Severity, number>>;
}

// Geometry in CSS pixels: the labels are monospace, so their width follows from their length.
const CHAR_WIDTH = 7.6;
const FONT_SIZE = 12.5;
const ROW_HEIGHT = 22;
const BAR_HEIGHT = 14;
const BAR_AREA = 240;
const COUNT_AREA = 48;
const GAP = 10;

function total(row: ChartRow): number {
  return SEVERITY_ORDER.reduce((sum, severity) => sum + (row.counts[severity] ?? 0), 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A horizontal bar chart as inline SVG (no script, no external load): one bar per row, stacked
 * by severity, its total written after it. Each segment carries a `<title>` for pointer users;
 * the figure's `aria-label` and the table beside the chart carry the same numbers for everyone.
 */
export function stackedBarChart(options: { title: string; rows: readonly ChartRow[] }): string {
  const { rows } = options;
  const labelWidth = Math.ceil(Math.max(8, ...rows.map((row) => row.label.length)) * CHAR_WIDTH);
  const max = Math.max(1, ...rows.map(total));
  const width = labelWidth + GAP + BAR_AREA + COUNT_AREA;
  const height = Math.max(1, rows.length) * ROW_HEIGHT;
  const bars = rows.map((row, index) => {
    const y = index * ROW_HEIGHT;
    const barY = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
    const textY = y + ROW_HEIGHT / 2 + FONT_SIZE * 0.35;
    let x = labelWidth + GAP;
    const segments = SEVERITY_ORDER.flatMap((severity) => {
      const n = row.counts[severity] ?? 0;
      if (n === 0) return [];
      const w = (n / max) * BAR_AREA;
      const rect = `<rect x="${x.toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${SEVERITY_COLOR[severity]}"><title>${escapeHtml(`${row.label}: ${plural(n, `${severity} finding`)}`)}</title></rect>`;
      x += w;
      return [rect];
    });
    return (
      `<g><text x="${labelWidth}" y="${textY}" text-anchor="end" class="chart-label">${escapeHtml(row.label)}</text>` +
      segments.join('') +
      `<text x="${(x + 6).toFixed(1)}" y="${textY}" class="chart-count">${total(row)}</text></g>`
    );
  });
  const described = rows.map((row) => `${row.label} ${total(row)}`).join(', ');
  return (
    `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${options.title}: ${described || 'none'}`)}">` +
    `<title>${escapeHtml(options.title)}</title>` +
    bars.join('') +
    `</svg>`
  );
}

/** The colour key for the severities a chart shows. */
export function severityLegend(severities: readonly Severity[]): string {
  return `<ul class="legend">${severities
    .map(
      (severity) =>
        `<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${SEVERITY_COLOR[severity]}"/></svg> ${severity}</li>`,
    )
    .join('')}</ul>`;
}
