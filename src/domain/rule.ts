import type { RemedyActionId } from './action-ids';
import type { Mode, Severity } from './mode';
import type { RuleId } from './rule-ids';
import type { RuleOutcome } from './result';
import type { Snapshot } from './snapshot';

export interface PolicyReference {
  /** Azure Policy built-in definition id (the GUID name). */
  id: string;
  displayName: string;
}

export interface RuleReferences {
  azurePolicy: PolicyReference[];
  /** Prowler Azure check ids, where one matches. */
  prowler: string[];
  /** Microsoft Learn pages that state the guidance. */
  docs: string[];
}

export interface RuleMetadata {
  id: RuleId;
  title: string;
  severity: Severity;
  /** ARM resource types the rule judges (case-insensitive match). */
  resourceTypes: readonly string[];
  /** Optional narrowing by `kind` (e.g. compute type) is done inside evaluate, answering skip. */
  rationale: string;
  defaultMode: Mode;
  remedy: {
    actionId: RemedyActionId;
    /** One line an engineer reads: what ward does about a failure. */
    summary: string;
  };
  references: RuleReferences;
}

/** Settings a rule may read; fixed by config, passed in so rules stay pure. */
export interface RuleSettings {
  /** Days ahead `keyvault-secret-near-expiry` warns (default 30, as Key Vault's own event). */
  secretNearExpiryDays: number;
  /** Whether `ml-workspace-cmk-encryption` demands a customer-managed key. */
  requireCustomerManagedKey: boolean;
}

export interface EvaluationContext {
  /** The evaluation time: rules never read a clock. */
  now: Date;
  settings: RuleSettings;
}

export interface Rule {
  metadata: RuleMetadata;
  evaluate(snapshot: Snapshot, context: EvaluationContext): RuleOutcome;
}
