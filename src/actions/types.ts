import type { ActionId, EvaluationContext, Snapshot } from '../domain';
import type { Policy } from '../config/policy';

/** Azure RBAC permissions an action needs; the deployment's custom role is derived from these. */
export interface ActionPermissions {
  /** Control-plane operations, e.g. `Microsoft.Storage/storageAccounts/write`. */
  actions: readonly string[];
  /** Data-plane operations, e.g. `Microsoft.KeyVault/vaults/secrets/update/action`. */
  dataActions: readonly string[];
  /**
   * Those of `actions` that only `revert` (ward undo) uses; a role that never undoes can leave
   * them out.
   */
  revertOnly?: readonly string[];
  /**
   * Those of `actions` ARM checks on the resources a write references rather than on the
   * resource written (its linked scopes: a Log Analytics workspace, a subnet, private DNS
   * zones). Where those resources live outside the watched subscription, infra's
   * linked-scopes template assigns exactly these there.
   */
  linked?: readonly string[];
}

/** A resource the write references and the actions ARM checks there (a linked scope). */
export interface LinkedScope {
  /** The referenced resource's id, e.g. the private DNS zone. */
  scope: string;
  actions: string[];
}

/** One property the plan changes, with the value it was planned against. */
export interface PropertyChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * A planned remediation: what will change and the state it was planned from. The plan is
 * data (stored with approvals and in the ledger), so it is JSON-serialisable.
 */
export interface ActionPlan {
  actionId: ActionId;
  resourceId: string;
  resourceType: string;
  /** One line for people: "Set minimumTlsVersion to TLS1_2". */
  summary: string;
  changes: PropertyChange[];
  /** The etag the plan was made from, where the provider gives one. */
  basisEtag?: string;
  /** Action-specific parameters (e.g. the subnet for a private endpoint). */
  parameters: Record<string, unknown>;
  /**
   * What the write references and the permissions ARM checks there; the executor checks them
   * through the permissions API before writing anything. Each action is one of the action's
   * `permissions.linked`.
   */
  linked?: LinkedScope[];
}

export type PlanResult =
  | { ok: true; plan: ActionPlan }
  /** The action cannot run here (missing configuration, unmet prerequisite): ticket instead. */
  | { ok: false; reason: string };

export type PreconditionResult = { ok: true } | { ok: false; reason: string };

export interface PlanContext {
  policy: Policy;
  evaluation: EvaluationContext;
}

/** What an applied change reports back; `undo` reverses it where the action is reversible. */
export interface ApplyResult {
  /** Extra state needed to revert (e.g. the id of a created private endpoint). */
  revertData?: Record<string, unknown>;
}

/**
 * Every remediation has one shape: plan (pure) → precondition (against a fresh read) →
 * apply (conditional write, waits for the long-running operation) → verify (the executor
 * re-reads and re-evaluates). `I/O` lives only in apply and revert.
 */
export interface RemediationAction<Deps = unknown> {
  id: ActionId;
  /** Resource types the action writes to (case-insensitive). */
  resourceTypes: readonly string[];
  permissions: ActionPermissions;
  reversible: boolean;
  /** How to revert, for people (shown in Teams cards and `ward undo`). */
  revertSummary: string;
  plan(snapshot: Snapshot, context: PlanContext): PlanResult;
  /** The fresh snapshot is still in the state the plan was made from. */
  precondition(plan: ActionPlan, current: Snapshot): PreconditionResult;
  apply(plan: ActionPlan, deps: Deps): Promise<ApplyResult>;
  /**
   * Containment actions (stop a compute whose public IP cannot change in place) do not make
   * the rule pass; they verify their own end state instead of the rule.
   */
  verify?(plan: ActionPlan, after: Snapshot): PreconditionResult;
  /**
   * The value at one of the plan's change paths on a snapshot, in the form the plan records it
   * (`ward undo` compares it with `before` and `after`). Without it the path is read from the
   * subject (ARM body or secret).
   */
  observe?(snapshot: Snapshot, path: string): unknown;
  /** Restores the plan's `before` values; only for reversible actions. */
  revert?(plan: ActionPlan, applied: ApplyResult, deps: Deps): Promise<void>;
}
