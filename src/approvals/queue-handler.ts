import type { ApprovalQueueReader } from './approval-queue-store';
import { issueCsrfToken, verifyCsrfToken, CSRF_FIELD } from './csrf';
import { decideApproval, DEFAULT_EXEMPTION_DAYS, type DecisionOutcome } from './decide-approval';
import {
  authorizeApprover,
  formNotVerified,
  methodNotAllowed,
  respond,
  type ApprovalHandlerDeps,
  type ApprovalHttpResponse,
} from './http-handler';
import { renderBadQueryPage, renderQueuePage, type BulkItemResult } from './queue-page';
import {
  parseBulkForm,
  parseQueueQuery,
  type BulkForm,
  type MultiValues,
  type QueueQuery,
} from './queue-query';
import { MAX_PENDING_READ, matchesQuery, queueView, recentDecisions } from './queue-view';
import type { Approval, ApproverIdentity } from './types';

/** Decided approvals one request reads at most for the "recently decided" list. */
const MAX_DECIDED_READ = 1_000;
const RECENT_DAYS = 7;
/** Approvals of one bulk decision decided at the same time (each still on its own). */
const BULK_CONCURRENCY = 4;

/**
 * The CSRF binding of the queue's form: never an approval id (those are 22 base64url
 * characters), so a queue token cannot decide through the single approval page, nor the reverse.
 */
export const QUEUE_CSRF_BINDING = 'approvals-queue';

export interface ApprovalQueueRequest {
  method: string;
  /** The query string's parameters; a name may repeat. */
  query: MultiValues;
  /** Header names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The url-encoded form body of a POST; `id` repeats, once per selected approval. */
  form?: MultiValues;
}

export interface ApprovalQueueDeps extends ApprovalHandlerDeps {
  queue: ApprovalQueueReader;
  /** The queue's own URL, without a query (`…/api/approvals`). */
  queueUrl: string;
}

/**
 * The approvals queue's use case: GET lists the pending approvals (filtered, paged) and the
 * recent decisions; POST decides several approvals of one rule, each through the same decision
 * path as the approval page. Sign-in, role and CSRF checks are the approval page's.
 */
export async function handleApprovalQueueRequest(
  request: ApprovalQueueRequest,
  deps: ApprovalQueueDeps,
): Promise<ApprovalHttpResponse> {
  const now = deps.now();
  const method = request.method.toUpperCase();
  if (method !== 'GET' && method !== 'POST') return methodNotAllowed('Use the approvals queue.');
  const authorized = await authorizeApprover(request.headers, deps);
  if ('refused' in authorized) return authorized.refused;
  const { identity } = authorized;

  const query = parseQueueQuery(request.query);
  if (!query.ok) return respond(400, renderBadQueryPage(deps.queueUrl, query.problems));
  if (method === 'GET') return respond(200, await queuePage(identity, query.value, deps, now));

  const rawForm = request.form ?? {};
  const token = rawForm[CSRF_FIELD]?.[0];
  if (
    rawForm[CSRF_FIELD]?.length !== 1 ||
    !verifyCsrfToken(
      deps.csrfKey,
      token,
      { approvalId: QUEUE_CSRF_BINDING, principalId: identity.id },
      now,
    )
  ) {
    return formNotVerified();
  }
  const form = parseBulkForm(rawForm);
  if (!form.ok) {
    return respond(
      400,
      await queuePage(identity, query.value, deps, now, {
        error: `Nothing was decided: ${form.problems.join('; ')}.`,
      }),
    );
  }
  const refusal = await refuseWholeBulk(form.value, deps);
  if (refusal) {
    return respond(
      400,
      await queuePage(identity, query.value, deps, now, {
        error: `Nothing was decided: ${refusal}.`,
      }),
    );
  }
  const items = await decideEach(form.value, identity, deps, now);
  deps.logger?.info(
    {
      rule: form.value.rule,
      decision: form.value.decision,
      approvals: items.length,
      done: items.filter((item) => item.status === 'done').length,
    },
    'bulk approval decision',
  );
  return respond(
    200,
    await queuePage(identity, query.value, deps, now, {
      results: { decision: form.value.decision, items },
    }),
  );
}

/**
 * The checks that refuse a bulk decision as a whole, before any approval is decided: a reject
 * needs its reason, and every selected approval must be for the rule the form names.
 */
async function refuseWholeBulk(
  form: BulkForm,
  deps: ApprovalQueueDeps,
): Promise<string | undefined> {
  if (form.decision === 'reject' && form.reason === '') return 'give a reason to reject';
  const approvals = await Promise.all(form.id.map((id) => deps.store.get(id)));
  const others = approvals.filter(
    (approval): approval is Approval => approval !== undefined && approval.ruleId !== form.rule,
  );
  if (others.length > 0) {
    const rules = [...new Set(others.map((approval) => approval.ruleId))].join(', ');
    return `a bulk decision covers one rule, ${form.rule}, but the selection also holds approvals for ${rules}`;
  }
  return undefined;
}

/** Decides each selected approval on its own, a few at a time, and says what became of it. */
async function decideEach(
  form: BulkForm,
  identity: ApproverIdentity,
  deps: ApprovalQueueDeps,
  now: Date,
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = new Array<BulkItemResult>(form.id.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < form.id.length) {
      const index = next++;
      const id = form.id[index];
      if (id === undefined) continue;
      results[index] = await decideOne(id, form, identity, deps, now);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(BULK_CONCURRENCY, form.id.length) }, () => worker()),
  );
  return results;
}

async function decideOne(
  id: string,
  form: BulkForm,
  identity: ApproverIdentity,
  deps: ApprovalQueueDeps,
  now: Date,
): Promise<BulkItemResult> {
  const approval = await deps.store.get(id);
  if (!approval) {
    return { approvalId: id, status: 'refused', text: 'No such approval; nothing was changed.' };
  }
  if (approval.status !== 'pending' || now >= new Date(approval.expiresAt)) {
    return { approvalId: id, approval, ...closedResult(approval, now, deps) };
  }
  try {
    const outcome = await decideApproval(approval, identity, form, deps, now);
    return { approvalId: id, approval, ...describeOutcome(outcome, now, deps) };
  } catch (error) {
    // One approval failing (ARM or storage unreachable) must not hide what became of the rest.
    deps.logger?.error({ approvalId: id, error: String(error) }, 'bulk decision failed');
    return {
      approvalId: id,
      approval,
      status: 'refused',
      text: `Failed: ${error instanceof Error ? error.message : String(error)}. Open the approval to see where it stands.`,
      link: { href: deps.approvalUrl(id), text: 'Open the approval' },
    };
  }
}

type Described = Omit<BulkItemResult, 'approvalId' | 'approval'>;

function closedResult(approval: Approval, now: Date, deps: ApprovalQueueDeps): Described {
  if (
    approval.status === 'expired' ||
    (approval.status === 'pending' && now >= new Date(approval.expiresAt))
  ) {
    return { status: 'refused', text: `Expired at ${approval.expiresAt}; nothing was changed.` };
  }
  if (approval.status === 'superseded') {
    return {
      status: 'refused',
      text: 'Replaced by a newer plan; nothing was changed from this one.',
      ...(approval.supersededBy
        ? { link: { href: deps.approvalUrl(approval.supersededBy), text: 'Review the new plan' } }
        : {}),
    };
  }
  return {
    status: 'refused',
    text: `Already ${approval.status} by ${approval.decidedBy?.name ?? 'someone'} at ${approval.decidedAt ?? 'an earlier time'}; nothing more was done.`,
  };
}

function describeOutcome(outcome: DecisionOutcome, now: Date, deps: ApprovalQueueDeps): Described {
  switch (outcome.kind) {
    case 'invalid':
      return { status: 'refused', text: `Not decided: ${outcome.problem}.` };
    case 'closed':
      return closedResult(outcome.approval, now, deps);
    case 'rejected':
      return {
        status: 'done',
        text: `Rejected; nothing was changed.${outcome.exemptionDays > 0 ? ` Exempt from the rule for ${outcome.exemptionDays} days.` : ''}`,
      };
    case 'resolved':
      return {
        status: 'done',
        text: `Nothing to change any more: ${outcome.detail}.`,
      };
    case 'superseded':
      return {
        status: 'refused',
        text: 'The resource changed since the plan was made, so nothing was changed. A new plan waits for a decision.',
        link: { href: deps.approvalUrl(outcome.replacement.id), text: 'Review the new plan' },
      };
    case 'executed':
      return outcome.result.succeeded
        ? {
            status: 'done',
            text: `Approved and applied. ${outcome.result.message}`,
          }
        : {
            status: 'refused',
            text: `Approved, but the change did not complete (${outcome.result.outcome}): ${outcome.result.message}`,
          };
  }
}

function hoursBefore(now: Date, hours: number | undefined): string | undefined {
  return hours === undefined
    ? undefined
    : new Date(now.getTime() - hours * 3_600_000).toISOString();
}

async function queuePage(
  identity: ApproverIdentity,
  query: QueueQuery,
  deps: ApprovalQueueDeps,
  now: Date,
  extra: Pick<Parameters<typeof renderQueuePage>[0], 'results' | 'error'> = {},
): Promise<string> {
  const [pending, decided] = await Promise.all([
    deps.queue.pending(now, MAX_PENDING_READ, {
      ruleId: query.rule,
      createdAtOrBefore: hoursBefore(now, query.minAgeHours),
      createdAtOrAfter: hoursBefore(now, query.maxAgeHours),
    }),
    deps.queue.decidedSince(new Date(now.getTime() - RECENT_DAYS * 86_400_000), MAX_DECIDED_READ),
  ]);
  const sameScope = { ...query, minAgeHours: undefined, maxAgeHours: undefined };
  return renderQueuePage({
    viewer: identity,
    now,
    queueUrl: deps.queueUrl,
    approvalUrl: deps.approvalUrl,
    query,
    view: queueView(pending.approvals, query, now),
    truncated: pending.truncated,
    recent: recentDecisions(
      decided.approvals.filter((approval) => matchesQuery(approval, sameScope, now)),
    ),
    csrfToken: issueCsrfToken(
      deps.csrfKey,
      { approvalId: QUEUE_CSRF_BINDING, principalId: identity.id },
      now,
    ),
    ...(deps.grantExemption ? { exemptionDays: deps.exemptionDays ?? DEFAULT_EXEMPTION_DAYS } : {}),
    ...extra,
  });
}
