import type { RuleId } from './rule-ids';
import type { Severity } from './mode';

/** Kyverno-style outcome: `error` means "could not judge" and never triggers a change. */
export type RuleStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface Evidence {
  /** Property path in the resource body, e.g. `properties.publicNetworkAccess`. */
  path: string;
  actual: unknown;
  expected: string;
  /** Why the value matters, e.g. that an absent property means an insecure service default. */
  note?: string;
}

/** What a rule's evaluate returns for one snapshot. */
export interface RuleOutcome {
  status: RuleStatus;
  message: string;
  evidence: Evidence[];
}

/** A rule outcome placed on its resource: the engine's output. */
export interface RuleResult extends RuleOutcome {
  resourceId: string;
  resourceType: string;
  ruleId: RuleId;
  severity: Severity;
}

/** A failing result with a stable identity across evaluations (tickets and approvals key on it). */
export interface Finding {
  fingerprint: string;
  ruleId: RuleId;
  resourceId: string;
  resourceType: string;
  severity: Severity;
  message: string;
  evidence: Evidence[];
  /** ISO time of the evaluation that found it. */
  evaluatedAt: string;
}
