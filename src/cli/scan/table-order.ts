import type { DecisionVerb, Severity } from '../../domain';
import { SEVERITIES } from '../../domain/mode';
import type { ScanResult } from './run-scan';

/**
 * What the scan's outputs for people (the terminal table and the HTML report) say ward would do:
 * one wording, so a row reads the same in both.
 */
export const WOULD_DO_TEXT: Record<DecisionVerb, string> = {
  remediate: 'fix (auto)',
  'request-approval': 'ask approval',
  'open-ticket': 'open ticket',
  record: 'record',
  none: 'nothing (off)',
};

/** The verbs in the order the summaries list them: most ward-driven first. */
export const WOULD_DO_ORDER: readonly DecisionVerb[] = [
  'remediate',
  'request-approval',
  'open-ticket',
  'record',
  'none',
];

/** The words for what ward would do about a result (a result without a decision: nothing). */
export function wouldDoText(result: Pick<ScanResult, 'wouldDo'>): string {
  return WOULD_DO_TEXT[result.wouldDo?.verb ?? 'none'];
}

/** 0 for the most severe; an unknown severity sorts last. */
export function severityRank(severity: string): number {
  const rank = (SEVERITIES as readonly string[]).indexOf(severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

export const SEVERITY_ORDER: readonly Severity[] = SEVERITIES;

/**
 * The failing results in the order both tables show them: most severe first, then by resource,
 * then by rule.
 */
export function failingInTableOrder(results: readonly ScanResult[]): ScanResult[] {
  return results
    .filter((result) => result.status === 'fail')
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        a.resourceId.localeCompare(b.resourceId) ||
        a.ruleId.localeCompare(b.ruleId),
    );
}
