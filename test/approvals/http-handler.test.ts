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

/** All the text a posted card shows. */
function cardTexts(message: TeamsMessage | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') out.push(record.text);
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(message?.attachments[0].content.body);
  return out.join('\n');
}

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

  describe('undo hint', () => {
    async function approve(
      undoCommand?: (id: string) => string,
    ): Promise<{ html: string; posted: TeamsMessage[] }> {
      const approval = await store.create(newApproval(), { now: NOW });
      const { deps, posted } = harness(() =>
        Promise.resolve({
          outcome: 'succeeded',
          succeeded: true,
          message: 'fixed',
          ledgerId: '01JLEDGER0000000000000000',
        }),
      );
      if (undoCommand) deps.undoCommand = undoCommand;
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
      return { html: response.html, posted };
    }

    it('comes from the deps, on the outcome page and the card', async () => {
      const { html, posted } = await approve((id) => `npx ward undo ${id} --simulator`);
      expect(html).toContain('Undo with: npx ward undo 01JLEDGER0000000000000000 --simulator');
      expect(cardTexts(posted[0])).toContain('npx ward undo 01JLEDGER0000000000000000 --simulator');
    });

    it('defaults to ward undo <id>', async () => {
      const { html, posted } = await approve();
      expect(html).toContain('Undo with: ward undo 01JLEDGER0000000000000000<');
      expect(cardTexts(posted[0])).toMatch(/^ward undo 01JLEDGER0000000000000000$/m);
    });
  });

  describe('rejection', () => {
    async function reject(
      form: Record<string, string>,
      withExemptions: boolean,
    ): Promise<{ status: number; posted: TeamsMessage[]; html: string }> {
      const approval = await store.create(newApproval(), { now: NOW });
      const { deps, posted } = harness(() => Promise.reject(new Error('not called')));
      if (withExemptions) deps.grantExemption = () => Promise.resolve();
      const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
      const response = await handleApprovalRequest(
        {
          method: 'POST',
          approvalId: approval.id,
          headers,
          form: { [CSRF_FIELD]: token, decision: 'reject', ...form },
        },
        deps,
      );
      return { status: response.status, posted, html: response.html };
    }

    it('posts who rejected, the reason and the exemption granted to Teams', async () => {
      const { status, posted, html } = await reject(
        { reason: 'The vendor scanner needs it', exemptionDays: '7' },
        true,
      );
      expect(status).toBe(200);
      expect(html).toContain('The rejection was posted to Teams.');
      expect(posted).toHaveLength(1);
      const text = cardTexts(posted[0]);
      expect(text).toMatch(/^Approval rejected: ward changed nothing/);
      expect(text).toMatch(/Rejected by\nAna Approver/);
      expect(text).toMatch(/Reason\nThe vendor scanner needs it/);
      expect(text).toContain(
        'exempt from storage-blob-public-access-disabled until 2026-11-30T10:00:00.000Z',
      );
      expect(text).toContain('properties.allowBlobPublicAccess');
    });

    it('says no exemption was granted when none was asked for', async () => {
      const { posted } = await reject({ reason: 'Not now', exemptionDays: '0' }, true);
      expect(posted).toHaveLength(1);
      const text = cardTexts(posted[0]);
      expect(text).toMatch(/Exemption\nNone granted/);
      expect(text).not.toContain(' until ');
    });

    it('posts nothing when the rejection is refused for want of a reason', async () => {
      const { status, posted } = await reject({ reason: '  ' }, false);
      expect(status).toBe(400);
      expect(posted).toEqual([]);
    });
  });
});
