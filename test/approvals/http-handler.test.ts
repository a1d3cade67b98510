import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { CSRF_FIELD, issueCsrfToken } from '../../src/approvals/csrf';
import { handleApprovalRequest, type ApprovalHandlerDeps } from '../../src/approvals/http-handler';
import type { ApprovalLedgerEntry } from '../../src/approvals/ports';
import type { TeamsMessage } from '../../src/notify/types';
import { sampleFinding, samplePlan } from '../notify/samples';
import { APPROVER, newApproval, principalHeader } from './fixtures';
import { tableEnv, type TableEnv } from './tables';

let env: TableEnv;
let store: ApprovalStore;
const NOW = new Date('2026-11-23T10:00:00Z');
const KEY = Buffer.alloc(32, 1);

beforeAll(async () => {
  env = await tableEnv();
  store = createApprovalStore({ table: env.table('approvals') });
});
afterAll(async () => {
  await env.stop();
});

function harness(execute: ApprovalHandlerDeps['execute']) {
  const ledger: ApprovalLedgerEntry[] = [];
  const posted: TeamsMessage[] = [];
  const deps: ApprovalHandlerDeps = {
    store,
    csrfKey: KEY,
    now: () => NOW,
    authConfigured: true,
    approvalUrl: (id) => `https://ward.example/approvals/${id}`,
    reevaluate: () =>
      Promise.resolve({
        kind: 'planned',
        plan: samplePlan(),
        etag: 'W/"etag-1"',
        finding: sampleFinding(),
      }),
    execute,
    recordLedger: (entry) => {
      ledger.push(entry);
      return Promise.resolve();
    },
    notify: (message) => {
      posted.push(message);
      return Promise.resolve();
    },
  };
  return { deps, ledger, posted };
}

const headers = { 'X-MS-CLIENT-PRINCIPAL': principalHeader(APPROVER) };

describe('handleApprovalRequest', () => {
  it('escapes every interpolated value on the page', async () => {
    const xss = '<script>alert(1)</script>"\'&';
    const approval = await store.create(
      newApproval({
        finding: sampleFinding({
          message: xss,
          evidence: [{ path: xss, actual: xss, expected: xss, note: xss }],
        }),
        rule: { title: xss, rationale: xss },
        plan: samplePlan({ summary: xss, changes: [{ path: xss, before: xss, after: xss }] }),
        requestedBy: { reasons: [xss], eventId: xss, changedBy: { name: xss } },
      }),
      { now: NOW },
    );
    const { deps } = harness(() => Promise.reject(new Error('not called')));
    const response = await handleApprovalRequest(
      { method: 'GET', approvalId: approval.id, headers },
      deps,
    );
    expect(response.status).toBe(200);
    expect(response.html).not.toContain('<script>');
    expect(response.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses other methods with 405', async () => {
    const approval = await store.create(newApproval(), { now: NOW });
    const { deps } = harness(() => Promise.reject(new Error('not called')));
    const response = await handleApprovalRequest(
      { method: 'DELETE', approvalId: approval.id, headers },
      deps,
    );
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
  });

  it('refuses a GET-style decision: GET never decides', async () => {
    const approval = await store.create(newApproval(), { now: NOW });
    let calls = 0;
    const { deps } = harness(() => {
      calls++;
      return Promise.resolve({ outcome: 'succeeded', succeeded: true, message: 'ok' });
    });
    const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
    const response = await handleApprovalRequest(
      {
        method: 'GET',
        approvalId: approval.id,
        headers,
        form: { [CSRF_FIELD]: token, decision: 'approve' },
      },
      deps,
    );
    expect(response.status).toBe(200);
    expect(calls).toBe(0);
    expect((await store.get(approval.id))?.status).toBe('pending');
  });

  it('a throwing executor still records the outcome and alerts Teams', async () => {
    const approval = await store.create(newApproval(), { now: NOW });
    const { deps, ledger, posted } = harness(() => Promise.reject(new Error('ARM answered 409')));
    const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
    const response = await handleApprovalRequest(
      {
        method: 'POST',
        approvalId: approval.id,
        headers,
        form: { [CSRF_FIELD]: token, decision: 'approve' },
      },
      deps,
    );
    expect(response.status).toBe(200);
    expect(response.html).toContain('Approved, but the change did not complete');
    expect(ledger).toMatchObject([
      { kind: 'approval-decided', outcome: 'failed', message: 'ARM answered 409' },
    ]);
    expect(JSON.stringify(posted)).toContain('Remediation failed');
    expect((await store.get(approval.id))?.status).toBe('approved');
  });

  it('rejects an unknown decision value with 400 and the form again', async () => {
    const approval = await store.create(newApproval(), { now: NOW });
    const { deps } = harness(() => Promise.reject(new Error('not called')));
    const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
    const response = await handleApprovalRequest(
      {
        method: 'POST',
        approvalId: approval.id,
        headers,
        form: { [CSRF_FIELD]: token, decision: 'maybe' },
      },
      deps,
    );
    expect(response.status).toBe(400);
    expect(response.html).toContain('choose Approve or Reject');
    expect(response.html).toContain('<form method="post"');
  });
});
