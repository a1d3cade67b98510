import { z } from 'zod';
import { wardUndoCommand } from '../notify/cards/undo-command';
import { APPROVAL_ID_PATTERN } from './approval-store';
import { CSRF_FIELD, issueCsrfToken, verifyCsrfToken } from './csrf';
import { decideApproval, DEFAULT_EXEMPTION_DAYS, type DecisionDeps } from './decide-approval';
import { SECURITY_HEADERS } from './html';
import { renderApprovalPage, renderMessagePage } from './page';
import type { ApproverTokenVerifier } from './entra-token';
import { isApprover, parseClientPrincipal, PRINCIPAL_HEADER, APPROVER_ROLE } from './principal';
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

export interface ApprovalHandlerDeps extends DecisionDeps {
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
}

export const decisionFormSchema = z.object({
  [CSRF_FIELD]: z.string().min(1).optional(),
  decision: z.enum(['approve', 'reject'], { error: 'choose Approve or Reject' }),
  reason: z
    .string()
    .max(1000, 'the reason is longer than 1000 characters')
    .optional()
    .transform((value) => value?.trim() ?? ''),
  exemptionDays: z.coerce.number().int().min(0).max(365).optional(),
});

/** The pages answer GET and POST only. */
export function methodNotAllowed(hint: string): ApprovalHttpResponse {
  return respond(
    405,
    renderMessagePage({ title: 'Method not allowed', paragraphs: [hint], kind: 'error' }),
    { allow: 'GET, POST' },
  );
}

export function respond(
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

export function closedPage(
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
 * The sign-in and role check every approvals request passes first (the page and the queue):
 * sign-in configured, a verified Entra ID token that agrees with any principal header, and the
 * Ward.Approver app role. Answers either the person or the page that refuses them.
 */
export async function authorizeApprover(
  headers: ApprovalHttpRequest['headers'],
  deps: Pick<ApprovalHandlerDeps, 'verifyToken' | 'logger'>,
): Promise<{ identity: ApproverIdentity } | { refused: ApprovalHttpResponse }> {
  const verifyToken = deps.verifyToken;
  if (!verifyToken) {
    return {
      refused: respond(
        503,
        renderMessagePage({
          title: 'Approvals are unavailable',
          paragraphs: [
            'Sign-in verification (the Entra ID tenant and app registration, WARD_APPROVAL_TENANT_ID and WARD_APPROVAL_CLIENT_ID) is not configured for this app, so ward cannot tell who is deciding.',
            'An administrator must configure it before approvals can be served. Nothing was changed.',
          ],
          kind: 'error',
        }),
      ),
    };
  }
  const signedIn = await signedInIdentity(headers, verifyToken, deps);
  if (signedIn.kind === 'unavailable') {
    deps.logger?.error({ problem: signedIn.problem }, 'cannot verify approval sign-ins');
    return {
      refused: respond(
        503,
        renderMessagePage({
          title: 'Sign-in cannot be verified right now',
          paragraphs: [
            'ward could not fetch the signing keys of your organisation, so it cannot tell who is deciding. Nothing was changed.',
            'Try again in a few minutes.',
          ],
          kind: 'error',
        }),
      ),
    };
  }
  if (signedIn.kind !== 'ok') {
    return {
      refused: respond(
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
      ),
    };
  }
  const identity = signedIn.identity;
  if (!isApprover(identity)) {
    return {
      refused: respond(
        403,
        renderMessagePage({
          title: 'You cannot decide approvals',
          paragraphs: [
            `You are signed in as ${identity.name}, but you do not hold the app role ${APPROVER_ROLE}.`,
            'Ask an administrator of the ward app registration to assign it. Nothing was changed.',
          ],
          kind: 'error',
        }),
      ),
    };
  }

  return { identity };
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
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return methodNotAllowed('Use the approval page.');

  const authorized = await authorizeApprover(request.headers, deps);
  if ('refused' in authorized) return authorized.refused;
  const identity = authorized.identity;
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
    return formNotVerified();
  }
  const form = decisionFormSchema.safeParse(rawForm);
  if (!form.success) {
    const problem = form.error.issues.map((issue) => issue.message).join('; ');
    return respond(
      400,
      approvalPage(approval, identity, deps, now, { error: `Not submitted: ${problem}.` }),
    );
  }
  const outcome = await decideApproval(approval, identity, form.data, deps, now);
  switch (outcome.kind) {
    case 'invalid':
      return respond(
        400,
        approvalPage(approval, identity, deps, now, {
          error: `Not submitted: ${outcome.problem}.`,
        }),
      );
    case 'closed':
      return closedPage(outcome.approval, now, deps.approvalUrl);
    case 'rejected':
      return respond(
        200,
        renderMessagePage({
          title: 'Rejected',
          kind: 'ok',
          paragraphs: [
            `You rejected the change. Nothing was changed. Reason recorded: ${outcome.reason}`,
            ...(outcome.exemptionDays > 0
              ? [
                  `The resource is exempt from ${approval.ruleId} for ${outcome.exemptionDays} days.`,
                ]
              : []),
            'The rejection was posted to Teams.',
          ],
          approval: outcome.approval,
          now,
        }),
      );
    case 'resolved':
      return respond(
        200,
        renderMessagePage({
          title: 'Nothing to change any more',
          kind: 'ok',
          paragraphs: [`A fresh read shows: ${outcome.detail}. Nothing was changed.`],
          approval,
          now,
        }),
      );
    case 'superseded':
      return respond(
        409,
        approvalPage(outcome.replacement, identity, deps, now, {
          notice:
            'The resource changed since the plan was made, so nothing was changed. Review the new plan below and decide again.',
        }),
      );
    case 'executed': {
      const { result } = outcome;
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
          approval: outcome.approval,
          now,
        }),
      );
    }
  }
}

/** A POST whose CSRF token is missing, foreign or stale: nothing is decided. */
export function formNotVerified(): ApprovalHttpResponse {
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
