import type { ActionPlan } from '../actions/types';
import type { Finding, Principal } from '../domain';

/**
 * `superseded`: the resource changed after the plan, so a fresh approval with the new plan
 * replaced this one; it can no longer be decided.
 */
export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'superseded',
] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Who or what asked for the approval: shown on the page as context. */
export interface ApprovalRequester {
  /** Who made the insecure change, from the event's claims. */
  changedBy?: Principal;
  eventId?: string;
  source?: string;
  /** Decision reasons (mode, protected scope, ...). */
  reasons: string[];
}

/** The rule as the page explains it. */
export interface ApprovalRuleContext {
  title: string;
  rationale: string;
}

/** A signed-in person, from App Service authentication. */
export interface ApproverIdentity {
  /** Entra object id. */
  id: string;
  name: string;
  roles: string[];
  authType: string;
}

export interface Approval {
  /** 128-bit random, base64url: unguessable, used in the approval URL. */
  id: string;
  fingerprint: string;
  ruleId: Finding['ruleId'];
  resourceId: string;
  finding: Finding;
  rule: ApprovalRuleContext;
  plan: ActionPlan;
  /** sha256 of the canonical plan. */
  planHash: string;
  /** The resource etag the plan was made against, where the provider gives one. */
  plannedEtag?: string;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  requestedBy: ApprovalRequester;
  decidedBy?: { id: string; name: string };
  decidedAt?: string;
  reason?: string;
  supersededBy?: string;
  /** The etag of the stored entity, for guarded transitions. */
  etag: string;
}

export interface NewApproval {
  finding: Finding;
  rule: ApprovalRuleContext;
  plan: ActionPlan;
  plannedEtag?: string;
  requestedBy: ApprovalRequester;
}

export type ApprovalDecision = 'approved' | 'rejected';
