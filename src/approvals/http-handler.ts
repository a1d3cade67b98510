import { z } from 'zod';
import { alertCard } from '../notify/cards/alert';
import { approvalRejectedCard } from '../notify/cards/approval-rejected';
import { remediationAppliedCard } from '../notify/cards/remediation-applied';
import { wardUndoCommand, type UndoCommand } from '../notify/cards/undo-command';
import type { NotifyLogger } from '../notify/logger';
import type { ApprovalStore } from './approval-store';
import { APPROVAL_ID_PATTERN } from './approval-store';
import { CSRF_FIELD, issueCsrfToken, verifyCsrfToken } from './csrf';
import { ApprovalError } from './errors';
import { SECURITY_HEADERS } from './html';
import { renderApprovalPage, renderMessagePage } from './page';
import { planHash } from './plan-hash';
import type { ApproverTokenVerifier } from './entra-token';
import { isApprover, parseClientPrincipal, PRINCIPAL_HEADER, APPROVER_ROLE } from './principal';
import type { ApprovalPorts, ExecutionResult } from './ports';
import type { Approval, ApproverIdentity } from './types';

export interface ApprovalHttpRequest {
  method: string;
  approvalId: string;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The url-encoded form body of a POST. */
  form?: Readonly<Record<string, string | undefined>>;
}

export interface ApprovalHttpResponse {
  status: number;
  html: string;
  headers: Record<string, string>;
}

export interface ApprovalHandlerDeps extends ApprovalPorts {
  store: ApprovalStore;
  /** At least 32 bytes; from Key Vault in Azure. */
  csrfKey: Uint8Array;
  now: () => Date;
  /**
   * Verifies the signed Entra ID token a request carries (src/approvals/entra-token). Without
   * one nobody can be told apart, so approvals are not served at all.
   */
  verifyToken: ApproverTokenVerifier | undefined;
  /** The approval page's URL for an id (form action and links). */
  approvalUrl: (id: string) => string;
  expiryHours?: number;
  /** Offered with a rejection when `grantExemption` is wired. */
  exemptionDays?: readonly number[];
  /**
   * The undo hint for a remediation's ledger id, on the outcome page and card; defaults to
   * `ward undo <ledgerId>` (the demo says `npx ward undo <ledgerId> --simulator`).
   */
  undoCommand?: UndoCommand;
  logger?: NotifyLogger;
}

const formSchema = z.object({
  [CSRF_FIELD]: z.string().min(1).optional(),
  decision: z.enum(['approve', 'reject'], { error: 'choose Approve or Reject' }),
  reason: z
    .string()
    .max(1000, 'the reason is longer than 1000 characters')
    .optional()
    .transform((value) => value?.trim() ?? ''),
  exemptionDays: z.coerce.number().int().min(0).max(365).optional(),
});

const DEFAULT_EXEMPTION_DAYS = [7, 30, 90] as const;

function respond(
  status: number,
  html: string,
  extra: Record<string, string> = {},
): ApprovalHttpResponse {
  return { status, html, headers: { ...SECURITY_HEADERS, ...extra } };
}

function header(headers: ApprovalHttpRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

type SignedIn =
  | { kind: 'absent' }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; problem: string }
  | { kind: 'ok'; identity: ApproverIdentity };

/**
 * Who is deciding: the verified Entra ID token says, never the platform's principal header
 * alone. A principal header that names someone else than the token is refused as forged.
 */
async function signedInIdentity(
  headers: ApprovalHttpRequest['headers'],
  verifyToken: ApproverTokenVerifier,
  deps: Pick<ApprovalHandlerDeps, 'logger'>,
): Promise<SignedIn> {
  const token = await verifyToken(headers);
  const principal = parseClientPrincipal(header(headers, PRINCIPAL_HEADER));
  if (token.kind === 'unavailable') return token;
  if (token.kind === 'absent') {
    if (principal.kind !== 'absent') {
      deps.logger?.warn(
        { header: PRINCIPAL_HEADER },
        'refused a client principal that came without a signed token',
      );
    }
    return { kind: 'absent' };
  }
  if (token.kind === 'invalid') {
    deps.logger?.warn({ problem: token.problem }, 'refused an approval sign-in token');
    return { kind: 'invalid' };
  }
  if (principal.kind === 'invalid') {
    deps.logger?.warn({ problem: principal.problem }, 'unusable client principal');
    return { kind: 'invalid' };
  }
  if (principal.kind === 'ok' && principal.identity.id !== token.identity.id) {
    deps.logger?.warn(
      { tokenObjectId: token.identity.id, headerObjectId: principal.identity.id },
      'refused a client principal that names someone else than the signed token',
    );
    return { kind: 'invalid' };
  }
  return token;
}

function closedPage(
  approval: Approval,
  now: Date,
  approvalUrl: (id: string) => string,
): ApprovalHttpResponse {
  if (
    approval.status === 'expired' ||
    (approval.status === 'pending' && now >= new Date(approval.expiresAt))
  ) {
    return respond(
      410,
      renderMessagePage({
        title: 'This approval has expired',
        paragraphs: [
          `It expired at ${approval.expiresAt}. Nothing was changed.`,
          'ward asks again if the finding is still there at the next event or sweep.',
        ],
        approval,
        now,
      }),
    );
  }
  if (approval.status === 'superseded') {
    return respond(
      409,
      renderMessagePage({
        title: 'This approval was replaced by a newer plan',
        paragraphs: [
          'The resource changed after this plan was made, so nothing was changed from it.',
        ],
        approval,
        now,
        ...(approval.supersededBy
          ? { links: [{ href: approvalUrl(approval.supersededBy), text: 'Review the new plan' }] }
          : {}),
      }),
    );
  }
  const who = approval.decidedBy?.name ?? 'someone';
  return respond(
    409,
    renderMessagePage({
      title: `This approval was already ${approval.status}`,
      paragraphs: [
        `${who} ${approval.status} it at ${approval.decidedAt ?? 'an earlier time'}.`,
        ...(approval.reason ? [`Reason: ${approval.reason}`] : []),
        'An approval can be decided once; nothing more was done.',
      ],
      approval,
      now,
    }),
  );
}

/**
 * The approval page's use case, independent of the HTTP framework: GET renders the page,
 * POST records the decision. It fails closed: every check happens before anything changes,
 * and a changed resource yields a fresh approval instead of executing the old plan.
 */
export async function handleApprovalRequest(
  request: ApprovalHttpRequest,
  deps: ApprovalHandlerDeps,
): Promise<ApprovalHttpResponse> {
  const now = deps.now();
  if (!deps.verifyToken) {
    return respond(
      503,
      renderMessagePage({
        title: 'Approvals are unavailable',
        paragraphs: [
          'Sign-in verification (the Entra ID tenant and app registration, WARD_APPROVAL_TENANT_ID and WARD_APPROVAL_CLIENT_ID) is not configured for this app, so ward cannot tell who is deciding.',
          'An administrator must configure it before approvals can be served. Nothing was changed.',
        ],
        kind: 'error',
      }),
    );
  }
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') {
    return respond(
      405,
      renderMessagePage({
        title: 'Method not allowed',
        paragraphs: ['Use the approval page.'],
        kind: 'error',
      }),
      { allow: 'GET, POST' },
    );
  }

  const signedIn = await signedInIdentity(request.headers, deps.verifyToken, deps);
  if (signedIn.kind === 'unavailable') {
    deps.logger?.error({ problem: signedIn.problem }, 'cannot verify approval sign-ins');
    return respond(
      503,
      renderMessagePage({
        title: 'Sign-in cannot be verified right now',
        paragraphs: [
          'ward could not fetch the signing keys of your organisation, so it cannot tell who is deciding. Nothing was changed.',
          'Try again in a few minutes.',
        ],
        kind: 'error',
      }),
    );
  }
  if (signedIn.kind !== 'ok') {
    return respond(
      401,
      renderMessagePage({
        title: 'Sign in to decide',
        paragraphs: [
          signedIn.kind === 'absent'
            ? 'You are not signed in. Sign in with your organisation account and open the link again.'
            : 'Your sign-in could not be verified. Sign in again with your organisation account and open the link again. Nothing was changed.',
        ],
        kind: 'error',
      }),
    );
  }
  const identity = signedIn.identity;
  if (!isApprover(identity)) {
    return respond(
      403,
      renderMessagePage({
        title: 'You cannot decide approvals',
        paragraphs: [
          `You are signed in as ${identity.name}, but you do not hold the app role ${APPROVER_ROLE}.`,
          'Ask an administrator of the ward app registration to assign it. Nothing was changed.',
        ],
        kind: 'error',
      }),
    );
  }

  const approval = APPROVAL_ID_PATTERN.test(request.approvalId)
    ? await deps.store.get(request.approvalId)
    : undefined;
  if (!approval) {
    return respond(
      404,
      renderMessagePage({
        title: 'No such approval',
        paragraphs: [
          'This link does not name an approval ward knows. Check that the whole link was opened. Nothing was changed.',
        ],
        kind: 'error',
      }),
    );
  }
  if (approval.status !== 'pending' || now >= new Date(approval.expiresAt))
    return closedPage(approval, now, deps.approvalUrl);

  if (method === 'GET') return respond(200, approvalPage(approval, identity, deps, now));
  return decide(approval, identity, request.form ?? {}, deps, now);
}

function approvalPage(
  approval: Approval,
  identity: ApproverIdentity,
  deps: ApprovalHandlerDeps,
  now: Date,
  extra: { notice?: string; error?: string } = {},
): string {
  return renderApprovalPage({
    approval,
    csrfToken: issueCsrfToken(
      deps.csrfKey,
      { approvalId: approval.id, principalId: identity.id },
      now,
    ),
    actionUrl: deps.approvalUrl(approval.id),
    now,
    viewer: identity,
    ...extra,
    ...(deps.grantExemption ? { exemptionDays: deps.exemptionDays ?? DEFAULT_EXEMPTION_DAYS } : {}),
  });
}

async function decide(
  approval: Approval,
  identity: ApproverIdentity,
  rawForm: Readonly<Record<string, string | undefined>>,
  deps: ApprovalHandlerDeps,
  now: Date,
): Promise<ApprovalHttpResponse> {
  const token = rawForm[CSRF_FIELD];
  if (
    !verifyCsrfToken(
      deps.csrfKey,
      token,
      { approvalId: approval.id, principalId: identity.id },
      now,
    )
  ) {
    return respond(
      403,
      renderMessagePage({
        title: 'The form could not be verified',
        paragraphs: [
          'The form was missing its security token, had expired, or was opened by someone else. Nothing was changed.',
          'Open the approval link again and decide from the fresh page.',
        ],
        kind: 'error',
      }),
    );
  }
  const form = formSchema.safeParse(rawForm);
  if (!form.success) {
    const problem = form.error.issues.map((issue) => issue.message).join('; ');
    return respond(
      400,
      approvalPage(approval, identity, deps, now, { error: `Not submitted: ${problem}.` }),
    );
  }
  const { decision, reason, exemptionDays } = form.data;
  const approver = { id: identity.id, name: identity.name };
  const base = {
    approvalId: approval.id,
    approver,
    at: now.toISOString(),
    fingerprint: approval.fingerprint,
    ruleId: approval.ruleId,
    resourceId: approval.resourceId,
    planHash: approval.planHash,
  };

  try {
    if (decision === 'reject') {
      if (reason === '') {
        return respond(
          400,
          approvalPage(approval, identity, deps, now, {
            error: 'Not submitted: give a reason to reject.',
          }),
        );
      }
      const days = deps.grantExemption && exemptionDays ? exemptionDays : 0;
      const offered = deps.exemptionDays ?? DEFAULT_EXEMPTION_DAYS;
      if (days > 0 && !offered.includes(days)) {
        // Only the lengths the page offers (the policy's choice): a hand-made form asking for
        // 365 days is refused before anything is decided.
        return respond(
          400,
          approvalPage(approval, identity, deps, now, {
            error: `Not submitted: an exemption lasts ${offered.join(', ')} days, not ${String(days)}.`,
          }),
        );
      }
      const decided = await deps.store.decide(approval.id, {
        decision: 'rejected',
        principal: identity,
        reason,
        now,
      });
      const exemptionUntil =
        days > 0 ? new Date(now.getTime() + days * 86_400_000).toISOString() : undefined;
      if (exemptionUntil && deps.grantExemption) {
        await deps.grantExemption({
          ruleId: approval.ruleId,
          scope: approval.resourceId,
          reason,
          expires: exemptionUntil,
          createdBy: identity.name,
        });
      }
      await deps.recordLedger({
        kind: 'approval-decided',
        ...base,
        decision: 'rejected',
        reason,
        ...(days > 0 ? { exemptionDays: days } : {}),
      });
      await deps.notify(
        approvalRejectedCard({
          finding: decided.finding,
          ruleTitle: decided.rule.title,
          actionId: decided.plan.actionId,
          changes: decided.plan.changes,
          rejectedBy: identity.name,
          reason,
          rejectedAt: now.toISOString(),
          ...(exemptionUntil ? { exemptionUntil } : {}),
        }),
      );
      return respond(
        200,
        renderMessagePage({
          title: 'Rejected',
          kind: 'ok',
          paragraphs: [
            `You rejected the change. Nothing was changed. Reason recorded: ${reason}`,
            ...(days > 0
              ? [`The resource is exempt from ${approval.ruleId} for ${days} days.`]
              : []),
            'The rejection was posted to Teams.',
          ],
          approval: decided,
          now,
        }),
      );
    }

    const fresh = await deps.reevaluate(approval);
    if (fresh.kind === 'resolved') {
      await deps.store.decide(approval.id, {
        decision: 'approved',
        principal: identity,
        reason: `nothing to do: ${fresh.detail}`,
        now,
      });
      await deps.recordLedger({ kind: 'approval-resolved', ...base, message: fresh.detail });
      return respond(
        200,
        renderMessagePage({
          title: 'Nothing to change any more',
          kind: 'ok',
          paragraphs: [`A fresh read shows: ${fresh.detail}. Nothing was changed.`],
          approval,
          now,
        }),
      );
    }

    const newHash = planHash(fresh.plan);
    if (newHash !== approval.planHash || (fresh.etag ?? null) !== (approval.plannedEtag ?? null)) {
      const replacement = await deps.store.create(
        {
          finding: fresh.finding,
          rule: approval.rule,
          plan: fresh.plan,
          ...(fresh.etag !== undefined ? { plannedEtag: fresh.etag } : {}),
          requestedBy: approval.requestedBy,
        },
        { now, ...(deps.expiryHours !== undefined ? { expiryHours: deps.expiryHours } : {}) },
      );
      await deps.store.supersede(approval.id, replacement.id, now);
      await deps.recordLedger({
        kind: 'approval-superseded',
        ...base,
        supersededBy: replacement.id,
        newPlanHash: replacement.planHash,
      });
      return respond(
        409,
        approvalPage(replacement, identity, deps, now, {
          notice:
            'The resource changed since the plan was made, so nothing was changed. Review the new plan below and decide again.',
        }),
      );
    }

    // The etag-guarded transition makes the approval single-use before anything executes.
    const decided = await deps.store.decide(approval.id, {
      decision: 'approved',
      principal: identity,
      ...(reason ? { reason } : {}),
      now,
    });
    const result = await executeSafely(decided, identity, deps);
    await deps.recordLedger({
      kind: 'approval-decided',
      ...base,
      decision: 'approved',
      ...(reason ? { reason } : {}),
      outcome: result.outcome,
      message: result.message,
    });
    await notifyOutcome(decided, identity, result, deps, now);
    return respond(
      200,
      renderMessagePage({
        title: result.succeeded
          ? 'Approved and applied'
          : 'Approved, but the change did not complete',
        kind: result.succeeded ? 'ok' : 'error',
        paragraphs: [
          `Outcome: ${result.outcome}. ${result.message}`,
          ...(result.ledgerId
            ? [`Undo with: ${(deps.undoCommand ?? wardUndoCommand)(result.ledgerId)}`]
            : []),
          'The outcome was posted to Teams.',
        ],
        approval: decided,
        now,
      }),
    );
  } catch (error) {
    if (error instanceof ApprovalError) {
      const current = await deps.store.get(approval.id);
      if (current) return closedPage(current, now, deps.approvalUrl);
    }
    throw error;
  }
}

async function notifyOutcome(
  approval: Approval,
  identity: ApproverIdentity,
  result: ExecutionResult,
  deps: ApprovalHandlerDeps,
  now: Date,
): Promise<void> {
  const message = result.succeeded
    ? remediationAppliedCard({
        finding: approval.finding,
        ruleTitle: approval.rule.title,
        actionId: approval.plan.actionId,
        changes: approval.plan.changes,
        ...(approval.requestedBy.changedBy ? { changedBy: approval.requestedBy.changedBy } : {}),
        ...(result.ledgerId ? { ledgerId: result.ledgerId } : {}),
        ...(deps.undoCommand ? { undoCommand: deps.undoCommand } : {}),
        approvedBy: identity.name,
        appliedAt: now.toISOString(),
      })
    : alertCard({
        kind: result.outcome === 'verify-failed' ? 'failed-verify' : 'failed-remediation',
        summary: `Approved by ${identity.name}, but the change did not complete (${result.outcome}): ${result.message}`,
        finding: approval.finding,
        occurredAt: now.toISOString(),
        ...(result.ledgerId ? { ledgerId: result.ledgerId } : {}),
      });
  await deps.notify(message);
}

/** A throwing executor must not lose the outcome: the approval is already used up. */
async function executeSafely(
  approval: Approval,
  identity: ApproverIdentity,
  deps: ApprovalHandlerDeps,
): Promise<ExecutionResult> {
  try {
    return await deps.execute(approval, identity);
  } catch (error) {
    deps.logger?.error(
      { approvalId: approval.id, error: String(error) },
      'approved execution threw',
    );
    return {
      outcome: 'failed',
      succeeded: false,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}
