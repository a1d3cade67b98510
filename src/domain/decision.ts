import type { ActionId } from './action-ids';
import type { Mode } from './mode';
import type { Finding } from './result';

/** What the executor is told to do with a finding. */
export type DecisionVerb = 'remediate' | 'request-approval' | 'open-ticket' | 'record' | 'none';

/** Machine-readable reason codes: the ledger and Teams cards show the text beside them. */
export type DecisionReasonCode =
  | 'mode'
  | 'dry-run'
  | 'exempt-tag'
  | 'exempt-record'
  /** A `ward-exempt` tag names the rule but its expiry is missing, unreadable or past. */
  | 'exempt-tag-invalid'
  /** A readable `ward-exempt` tag the policy does not allow (off, severity, rule, too long). */
  | 'exempt-tag-refused'
  /** The fix needs `Microsoft.KeyVault/vaults/write`, which the policy withholds. */
  | 'vault-writes-off'
  | 'protected-scope'
  /** The resource (or a secret's vault) is in no watched subscription. */
  | 'out-of-scope'
  | 'budget-exhausted'
  | 'flapping'
  | 'no-action'
  | 'rule-off'
  /** The signal came from ward's own write: it never starts another change. */
  | 'own-change';

export interface DecisionReason {
  code: DecisionReasonCode;
  text: string;
}

export interface Decision {
  finding: Finding;
  /** Mode after config overrides and guardrails. */
  mode: Mode;
  verb: DecisionVerb;
  actionId?: ActionId;
  dryRun: boolean;
  reasons: DecisionReason[];
}
