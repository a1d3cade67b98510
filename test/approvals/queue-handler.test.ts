import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalQueueReader } from '../../src/approvals/approval-queue-store';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { CSRF_FIELD, issueCsrfToken } from '../../src/approvals/csrf';
import { createEntraTokenVerifier } from '../../src/approvals/entra-token';
import {
  handleApprovalQueueRequest,
  QUEUE_CSRF_BINDING,
  type ApprovalQueueDeps,
} from '../../src/approvals/queue-handler';
import type { ApprovalLedgerEntry } from '../../src/approvals/ports';
import type { Approval } from '../../src/approvals/types';
import type { TeamsMessage } from '../../src/notify/types';
import { sampleFinding, samplePlan } from '../notify/samples';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import { APPROVER, newApproval, VIEWER } from './fixtures';
import { tableEnv, type TableEnv } from './tables';

const NOW = new Date('2026-11-23T10:00:00Z');
const HOUR = 3_600_000;
const KEY = Buffer.alloc(32, 7);
const SUB_A = '0a0a0a0a-0000-4000-8000-00000000000a';
const SUB_B = '0b0b0b0b-0000-4000-8000-00000000000b';
const BLOB_RULE = 'storage-blob-public-access-disabled';
const TLS_RULE = 'storage-min-tls-1-2';

let env: TableEnv;
let signIn: TestSignIn;
let verifyToken: ApprovalQueueDeps['verifyToken'];
let approverHeaders: Record<string, string>;

beforeAll(async () => {
  [env, signIn] = await Promise.all([tableEnv(), startTestSignIn()]);
  verifyToken = createEntraTokenVerifier(signIn.settings);
  approverHeaders = await signIn.headersFor(APPROVER);
});
afterAll(async () => {
  await Promise.all([env.stop(), signIn.close()]);
});

function storageId(subscription: string, name: string): string {
  return `/subscriptions/${subscription}/resourceGroups/rg-ml/providers/Microsoft.Storage/storageAccounts/${name}`;
}

interface Queue {
  store: ApprovalStore;
  deps: ApprovalQueueDeps;
  ledger: ApprovalLedgerEntry[];
  posted: TeamsMessage[];
  executed: string[];
  add(
    name: string,
    options?: {
      subscription?: string;
      rule?: string;
      severity?: Approval['finding']['severity'];
      hoursAgo?: number;
    },
  ): Promise<Approval>;
}

/** A fresh approvals table with the queue's deps; `staleNames` re-plan against a moved etag. */
function queue(staleNames: readonly string[] = []): Queue {
  const table = env.table('queue');
  const store = createApprovalStore({ table });
  const ledger: ApprovalLedgerEntry[] = [];
  const posted: TeamsMessage[] = [];
  const executed: string[] = [];
  const deps: ApprovalQueueDeps = {
    store,
    queue: createApprovalQueueReader(table),
    queueUrl: 'https://ward.example/api/approvals',
    csrfKey: KEY,
    now: () => NOW,
    verifyToken,
    approvalUrl: (id) => `https://ward.example/api/approvals/${id}`,
    reevaluate: (approval) =>
      Promise.resolve({
        kind: 'planned',
        plan: approval.plan,
        etag: staleNames.some((name) => approval.resourceId.endsWith(`/${name}`))
          ? 'W/"etag-moved"'
          : approval.plannedEtag,
        finding: approval.finding,
      }),
    execute: (approval) => {
      executed.push(approval.id);
      return Promise.resolve({ outcome: 'succeeded', succeeded: true, message: 'verified' });
    },
    recordLedger: (entry) => {
      ledger.push(entry);
      return Promise.resolve();
    },
    notify: (message) => {
      posted.push(message);
      return Promise.resolve();
    },
  };
  return {
    store,
    deps,
    ledger,
    posted,
    executed,
    add: (name, options = {}) => {
      const resourceId = storageId(options.subscription ?? SUB_A, name);
      const ruleId = options.rule ?? BLOB_RULE;
      return store.create(
        newApproval({
          finding: sampleFinding({
            resourceId,
            ruleId: ruleId as Approval['ruleId'],
            fingerprint: `fp-${name}-${ruleId}`,
            severity: options.severity ?? 'high',
          }),
          plan: samplePlan({ resourceId, summary: `Fix ${name}` }),
        }),
        { now: new Date(NOW.getTime() - (options.hoursAgo ?? 1) * HOUR) },
      );
    },
  };
}

const get = (query: Record<string, string[]> = {}, headers = approverHeaders) => ({
  method: 'GET',
  query,
  headers,
});

function bulk(form: Record<string, string[]>, query: Record<string, string[]> = {}) {
  return { method: 'POST', query, headers: approverHeaders, form };
}

const queueToken = (): string =>
  issueCsrfToken(KEY, { approvalId: QUEUE_CSRF_BINDING, principalId: APPROVER.id }, NOW);

/** The ids of the pending rows the page lists, in order. */
function listed(html: string): string[] {
  const table = /<table id="pending-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr data-approval-id="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('approvals queue: who may see and decide', () => {
  it('refuses a visitor without a verified sign-in (401) and a person without the role (403)', async () => {
    const q = queue();
    await q.add('stnosignin');
    const anonymous = await handleApprovalQueueRequest(get({}, {}), q.deps);
    expect(anonymous.status).toBe(401);
    expect(anonymous.html).toContain('Sign in to decide');
    expect(anonymous.html).not.toContain('stnosignin');

    const viewer = await handleApprovalQueueRequest(
      get({}, await signIn.headersFor(VIEWER)),
      q.deps,
    );
    expect(viewer.status).toBe(403);
    expect(viewer.html).toContain('You cannot decide approvals');
    expect(viewer.html).not.toContain('stnosignin');
  });

  it('a viewer without the role cannot decide in bulk even with a valid form token', async () => {
    const q = queue();
    const approval = await q.add('stviewerpost');
    const viewerToken = issueCsrfToken(
      KEY,
      { approvalId: QUEUE_CSRF_BINDING, principalId: VIEWER.id },
      NOW,
    );
    const response = await handleApprovalQueueRequest(
      {
        method: 'POST',
        query: {},
        headers: await signIn.headersFor(VIEWER),
        form: {
          [CSRF_FIELD]: [viewerToken],
          decision: ['approve'],
          rule: [BLOB_RULE],
          id: [approval.id],
        },
      },
      q.deps,
    );
    expect(response.status).toBe(403);
    expect((await q.store.get(approval.id))?.status).toBe('pending');
    expect(q.executed).toEqual([]);
  });

  it('refuses a bulk POST without the CSRF token, with another person’s, or with a single approval’s', async () => {
    const q = queue();
    const approval = await q.add('stcsrf');
    const base = { decision: ['approve'], rule: [BLOB_RULE], id: [approval.id] };
    const forms: Record<string, string[]>[] = [
      base,
      {
        ...base,
        [CSRF_FIELD]: [
          issueCsrfToken(KEY, { approvalId: QUEUE_CSRF_BINDING, principalId: VIEWER.id }, NOW),
        ],
      },
      {
        ...base,
        [CSRF_FIELD]: [
          issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW),
        ],
      },
      { ...base, [CSRF_FIELD]: [queueToken(), queueToken()] },
    ];
    for (const form of forms) {
      const response = await handleApprovalQueueRequest(bulk(form), q.deps);
      expect(response.status).toBe(403);
      expect(response.html).toContain('The form could not be verified');
    }
    expect((await q.store.get(approval.id))?.status).toBe('pending');
    expect(q.executed).toEqual([]);
    expect(q.ledger).toEqual([]);
  });
});

describe('approvals queue: filters', () => {
  it('names each bad filter in a 400 and lists nothing', async () => {
    const q = queue();
    await q.add('stbadfilter');
    const cases: [Record<string, string[]>, string][] = [
      [{ subscription: ['not-a-guid'] }, 'subscription must be a subscription id (a GUID)'],
      [{ severity: ['urgent'] }, 'severity must be one of critical, high, medium, low'],
      [{ rule: ['Storage Rule!'] }, 'rule must be a rule id such as storage-min-tls-1-2'],
      [{ minAgeHours: ['soon'] }, 'minAgeHours must be a whole number of hours'],
      [{ minAgeHours: ['5'], maxAgeHours: ['2'] }, 'minAgeHours is more than maxAgeHours'],
      [{ page: ['0'] }, 'page must be 1 or more'],
      [{ severty: ['high'] }, 'unknown parameter severty'],
      [{ rule: [BLOB_RULE, TLS_RULE] }, 'rule is given 2 times'],
    ];
    for (const [query, problem] of cases) {
      const response = await handleApprovalQueueRequest(get(query), q.deps);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.html).toContain('filters could not be read');
      expect(response.html).toContain(problem);
      expect(response.html).not.toContain('stbadfilter');
    }
  });

  it('filters by subscription, rule, severity and age, and lists the soonest to expire first', async () => {
    const q = queue();
    const old = await q.add('stold', { hoursAgo: 10 });
    const recent = await q.add('strecent', { hoursAgo: 3 });
    const otherSub = await q.add('stothersub', { subscription: SUB_B, hoursAgo: 2 });
    const tls = await q.add('sttls', { rule: TLS_RULE, severity: 'medium', hoursAgo: 1 });

    const all = await handleApprovalQueueRequest(get(), q.deps);
    expect(all.status).toBe(200);
    expect(listed(all.html)).toEqual([old.id, recent.id, otherSub.id, tls.id]);
    expect(all.html).toContain('Pending approvals (4)');
    // Without one rule chosen there is nothing to tick: bulk decisions cover one rule.
    expect(all.html).not.toContain('name="id"');
    expect(all.html).toContain('To decide several at once, filter the queue by one rule.');

    const bySub = await handleApprovalQueueRequest(
      get({ subscription: [SUB_B.toUpperCase()] }),
      q.deps,
    );
    expect(listed(bySub.html)).toEqual([otherSub.id]);
    const byRule = await handleApprovalQueueRequest(get({ rule: [TLS_RULE] }), q.deps);
    expect(listed(byRule.html)).toEqual([tls.id]);
    expect(byRule.html).toContain(`value="${tls.id}"`);
    const bySeverity = await handleApprovalQueueRequest(get({ severity: ['medium'] }), q.deps);
    expect(listed(bySeverity.html)).toEqual([tls.id]);
    const byAge = await handleApprovalQueueRequest(get({ minAgeHours: ['4'] }), q.deps);
    expect(listed(byAge.html)).toEqual([old.id]);
    const young = await handleApprovalQueueRequest(get({ maxAgeHours: ['4'] }), q.deps);
    expect(listed(young.html)).toEqual([recent.id, otherSub.id, tls.id]);
    const none = await handleApprovalQueueRequest(get({ severity: ['low'] }), q.deps);
    expect(listed(none.html)).toEqual([]);
    expect(none.html).toContain('No pending approvals match these filters.');
    // Each row shows the plan's summary and the expiry, as a UTC time and a relative hint.
    expect(all.html).toContain('Fix stold');
    expect(all.html).toContain(`<time datetime="${old.expiresAt}">2026-11-24 00:00 UTC</time>`);
    expect(all.html).toContain('in 14 hours');
  });

  it('pages a long queue 50 at a time, keeping the filters in the page links', async () => {
    const q = queue();
    const created: Approval[] = [];
    for (let i = 0; i < 55; i++) {
      created.push(
        await q.add(`stpaged${String(i).padStart(2, '0')}`, { hoursAgo: (55 - i) / 10 }),
      );
    }
    const first = await handleApprovalQueueRequest(get({ rule: [BLOB_RULE] }), q.deps);
    expect(listed(first.html)).toHaveLength(50);
    expect(first.html).toContain('Showing 1–50 of 55');
    expect(first.html).toContain(
      `href="https://ward.example/api/approvals?rule=${BLOB_RULE}&amp;page=2"`,
    );
    const second = await handleApprovalQueueRequest(
      get({ rule: [BLOB_RULE], page: ['2'] }),
      q.deps,
    );
    expect(listed(second.html)).toEqual(created.slice(50).map((a) => a.id));
    expect(second.html).toContain('Page 2 of 2');
  });
});

describe('approvals queue: bulk decisions', () => {
  it('refuses a selection mixing rules as a whole: nothing is decided', async () => {
    const q = queue();
    const blob = await q.add('stmixblob');
    const tls = await q.add('stmixtls', { rule: TLS_RULE });
    const response = await handleApprovalQueueRequest(
      bulk(
        {
          [CSRF_FIELD]: [queueToken()],
          decision: ['approve'],
          rule: [BLOB_RULE],
          id: [blob.id, tls.id],
        },
        { rule: [BLOB_RULE] },
      ),
      q.deps,
    );
    expect(response.status).toBe(400);
    expect(response.html).toContain(
      `Nothing was decided: a bulk decision covers one rule, ${BLOB_RULE}, but the selection also holds approvals for ${TLS_RULE}.`,
    );
    expect((await q.store.get(blob.id))?.status).toBe('pending');
    expect((await q.store.get(tls.id))?.status).toBe('pending');
    expect(q.executed).toEqual([]);
    expect(q.ledger).toEqual([]);
  });

  it('refuses a reject without a reason, an empty selection and a malformed id before deciding', async () => {
    const q = queue();
    const approval = await q.add('stnoreason');
    const cases: [Record<string, string[]>, string][] = [
      [{ decision: ['reject'], id: [approval.id] }, 'give a reason to reject'],
      [{ decision: ['approve'], id: [] }, 'select at least one approval'],
      [{ decision: ['approve'], id: ['../etc'] }, 'id names no approval'],
      [{ decision: ['approve'], id: [approval.id, approval.id] }, 'id names an approval twice'],
      [{ decision: ['maybe'], id: [approval.id] }, 'choose Approve or Reject'],
    ];
    for (const [fields, problem] of cases) {
      const response = await handleApprovalQueueRequest(
        bulk({ [CSRF_FIELD]: [queueToken()], rule: [BLOB_RULE], ...fields }),
        q.deps,
      );
      expect(response.status, problem).toBe(400);
      expect(response.html).toContain('Nothing was decided:');
      expect(response.html).toContain(problem);
    }
    expect((await q.store.get(approval.id))?.status).toBe('pending');
    expect(q.ledger).toEqual([]);
  });

  it('approves each selected approval on its own: a stale plan is refused and replaced, the rest go through once', async () => {
    const q = queue(['stbulkstale']);
    const a = await q.add('stbulka');
    const stale = await q.add('stbulkstale');
    const b = await q.add('stbulkb');
    const decidedBefore = await q.add('stbulkdone');
    await q.store.decide(decidedBefore.id, {
      decision: 'rejected',
      principal: { ...APPROVER, authType: 'aad' },
      reason: 'earlier',
      now: NOW,
    });
    const response = await handleApprovalQueueRequest(
      bulk(
        {
          [CSRF_FIELD]: [queueToken()],
          decision: ['approve'],
          rule: [BLOB_RULE],
          reason: ['Routine hardening'],
          id: [a.id, stale.id, b.id, decidedBefore.id],
        },
        { rule: [BLOB_RULE] },
      ),
      q.deps,
    );
    expect(response.status).toBe(200);
    expect(response.html).toContain('2 approved, 2 refused.');
    expect(q.executed.sort()).toEqual([a.id, b.id].sort());
    expect((await q.store.get(a.id))?.status).toBe('approved');
    expect((await q.store.get(b.id))?.status).toBe('approved');
    const superseded = await q.store.get(stale.id);
    expect(superseded?.status).toBe('superseded');
    expect(response.html).toContain(
      `href="https://ward.example/api/approvals/${superseded?.supersededBy ?? ''}">Review the new plan`,
    );
    expect(response.html).toContain('Already rejected by Ana Approver');
    // One ledger entry per approval, as the approval page records them.
    expect(q.ledger.map((entry) => [entry.kind, entry.approvalId]).sort()).toEqual(
      [
        ['approval-decided', a.id],
        ['approval-decided', b.id],
        ['approval-superseded', stale.id],
      ].sort(),
    );
    expect(q.posted).toHaveLength(2);
    // The replacement plan is pending in the queue; the decided ones are listed with who and why.
    expect(listed(response.html)).toEqual([superseded?.supersededBy]);
    const recent = /<table id="recent-table">([\s\S]*?)<\/table>/.exec(response.html)?.[1] ?? '';
    expect(recent).toContain('Routine hardening');
    expect(recent).toContain('Ana Approver');
    expect(recent).toContain('earlier');

    // The same form again: every approval is used up, nothing runs twice.
    const replay = await handleApprovalQueueRequest(
      bulk({
        [CSRF_FIELD]: [queueToken()],
        decision: ['approve'],
        rule: [BLOB_RULE],
        id: [a.id, b.id],
      }),
      q.deps,
    );
    expect(replay.html).toContain('0 approved, 2 refused.');
    expect(q.executed).toHaveLength(2);
  });

  it('rejects in bulk with the reason recorded for each approval', async () => {
    const q = queue();
    const a = await q.add('strejecta');
    const b = await q.add('strejectb');
    const response = await handleApprovalQueueRequest(
      bulk({
        [CSRF_FIELD]: [queueToken()],
        decision: ['reject'],
        rule: [BLOB_RULE],
        reason: ['  Lab accounts, public by design  '],
        id: [a.id, b.id],
      }),
      q.deps,
    );
    expect(response.status).toBe(200);
    expect(response.html).toContain('2 rejected, 0 refused.');
    for (const id of [a.id, b.id]) {
      expect(await q.store.get(id)).toMatchObject({
        status: 'rejected',
        reason: 'Lab accounts, public by design',
        decidedBy: { id: APPROVER.id, name: APPROVER.name },
      });
    }
    expect(q.ledger).toMatchObject([
      { kind: 'approval-decided', decision: 'rejected', reason: 'Lab accounts, public by design' },
      { kind: 'approval-decided', decision: 'rejected', reason: 'Lab accounts, public by design' },
    ]);
    expect(q.executed).toEqual([]);
  });
});

describe('approvals queue reader', () => {
  it('reads pending approvals not past their expiry, up to the limit, and says when more were left', async () => {
    const q = queue();
    await q.add('streadera', { hoursAgo: 1 });
    await q.add('streaderb', { hoursAgo: 2 });
    await q.add('streaderc', { hoursAgo: 3 });
    const expired = await q.add('streaderexpired', { hoursAgo: 30 });
    const all = await q.deps.queue.pending(NOW, 10);
    expect(all.truncated).toBe(false);
    expect(all.approvals).toHaveLength(3);
    expect(all.approvals.map((a) => a.id)).not.toContain(expired.id);
    const capped = await q.deps.queue.pending(NOW, 2);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.approvals).toHaveLength(2);
    const older = await q.deps.queue.pending(NOW, 10, {
      createdAtOrBefore: new Date(NOW.getTime() - 2.5 * HOUR).toISOString(),
    });
    expect(older.approvals.map((a) => a.resourceId)).toEqual([storageId(SUB_A, 'streaderc')]);
  });

  it('an approvals table never written holds an empty queue', async () => {
    const reader = createApprovalQueueReader(env.table('never'));
    await expect(reader.pending(NOW, 10)).resolves.toEqual({ approvals: [], truncated: false });
    await expect(reader.decidedSince(NOW, 10)).resolves.toEqual({
      approvals: [],
      truncated: false,
    });
  });
});
