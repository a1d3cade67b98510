import type { ActionPlan } from '../actions/types';
import type { Finding } from '../domain';
import type { TeamsMessage } from '../notify/types';
import type { Approval, ApproverIdentity } from './types';

/**
 * What a fresh read and re-evaluation found. `planned`: the rule still fails and this is the
 * plan for the resource as it is now (the handler compares it with the approved plan and etag).
 * `resolved`: nothing to do any more (the rule passes, the resource is gone, or the action no
 * longer applies).
 */
export type Reevaluation =
  | { kind: 'planned'; plan: ActionPlan; etag?: string; finding: Finding }
  | { kind: 'resolved'; detail: string };

export interface ExecutionResult {
  /** The executor's outcome code (`succeeded`, `failed`, `verify-failed`, ...). */
  outcome: string;
  succeeded: boolean;
  /** For people: what happened. */
  message: string;
  /** The ledger entry of the remediation, when one was written (for `ward undo`). */
  ledgerId?: string;
}

export type ApprovalLedgerEntry =
  | {
      kind: 'approval-decided';
      approvalId: string;
      decision: 'approved' | 'rejected';
      approver: { id: string; name: string };
      reason?: string;
      at: string;
      fingerprint: string;
      ruleId: string;
      resourceId: string;
      planHash: string;
      /** For approvals: what the execution did. */
      outcome?: string;
      message?: string;
      exemptionDays?: number;
    }
  | {
      kind: 'approval-superseded';
      approvalId: string;
      supersededBy: string;
      approver: { id: string; name: string };
      at: string;
      fingerprint: string;
      ruleId: string;
      resourceId: string;
      planHash: string;
      newPlanHash: string;
    }
  | {
      kind: 'approval-resolved';
      approvalId: string;
      approver: { id: string; name: string };
      at: string;
      fingerprint: string;
      ruleId: string;
      resourceId: string;
      planHash: string;
      message: string;
    };

export interface ExemptionGrant {
  ruleId: string;
  /** The resource id: an exemption scope. */
  scope: string;
  reason: string;
  expires: string;
  createdBy: string;
}

/** Ports the approval handler calls; the app wires them to the reader, engine, executor, ledger and Teams. */
export interface ApprovalPorts {
  reevaluate(approval: Approval): Promise<Reevaluation>;
  /** Runs the approved plan through the same executor as `auto` (precondition, apply, verify). */
  execute(approval: Approval, approver: ApproverIdentity): Promise<ExecutionResult>;
  recordLedger(entry: ApprovalLedgerEntry): Promise<void>;
  /** Posts to Teams (through the outbox, so nothing is lost). */
  notify(message: TeamsMessage): Promise<void>;
  grantExemption?(grant: ExemptionGrant): Promise<void>;
}
