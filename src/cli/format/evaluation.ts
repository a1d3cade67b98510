import type { RuleResult, RuleStatus, Snapshot } from '../../domain';
import type { AnsiColor } from './table';
import { paint } from './table';

export interface EvaluatedResource {
  file: string;
  snapshot: Snapshot;
  results: RuleResult[];
}

const STATUS_COLOR: Record<RuleStatus, AnsiColor> = {
  pass: 'green',
  fail: 'red',
  skip: 'dim',
  error: 'magenta',
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return JSON.stringify(value);
}

/** Grouped by resource: a heading per resource, a line per rule, evidence under failures. */
export function renderEvaluation(
  evaluated: readonly EvaluatedResource[],
  options: { color: boolean },
): string {
  const { color } = options;
  const lines: string[] = [];
  const counts: Record<RuleStatus, number> = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const { file, snapshot, results } of evaluated) {
    lines.push(paint(snapshot.resourceId, 'bold', color));
    lines.push(paint(`  ${snapshot.resourceType}  (${file})`, 'dim', color));
    if (results.length === 0) lines.push('  no rules apply to this resource type');
    const ruleWidth = Math.max(0, ...results.map((r) => r.ruleId.length));
    for (const result of results) {
      counts[result.status] += 1;
      const status = paint(
        result.status.toUpperCase().padEnd(5),
        STATUS_COLOR[result.status],
        color,
      );
      lines.push(`  ${status}  ${result.ruleId.padEnd(ruleWidth)}  ${result.message}`);
      if (result.status === 'fail' || result.status === 'error') {
        for (const evidence of result.evidence) {
          const note = evidence.note ? ` (${evidence.note})` : '';
          lines.push(
            `         ${evidence.path} = ${show(evidence.actual)}; expected ${evidence.expected}${note}`,
          );
        }
      }
    }
    lines.push('');
  }
  const total = counts.pass + counts.fail + counts.skip + counts.error;
  lines.push(
    `${plural(evaluated.length, 'resource')}, ${plural(total, 'result')}: ` +
      (['fail', 'error', 'pass', 'skip'] as const)
        .map((s) => paint(`${counts[s]} ${s}`, counts[s] > 0 ? STATUS_COLOR[s] : undefined, color))
        .join(', '),
  );
  return `${lines.join('\n')}\n`;
}
