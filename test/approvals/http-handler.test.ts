import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { CSRF_FIELD, issueCsrfToken } from '../../src/approvals/csrf';
import { createEntraTokenVerifier } from '../../src/approvals/entra-token';
import { encodeClientPrincipal, PRINCIPAL_HEADER } from '../../src/approvals/principal';
import { handleApprovalRequest, type ApprovalHandlerDeps } from '../../src/approvals/http-handler';
import type { ApprovalLedgerEntry } from '../../src/approvals/ports';
import type { TeamsMessage } from '../../src/notify/types';
import { sampleFinding, samplePlan } from '../notify/samples';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import { APPROVER, newApproval } from './fixtures';
import { tableEnv, type TableEnv } from './tables';

let env: TableEnv;
let store: ApprovalStore;
let signIn: TestSignIn;
let verifyToken: ApprovalHandlerDeps['verifyToken'];
/** What App Service authentication forwards for the approver: principal header and id token. */
let headers: Record<string, string>;
const NOW = new Date('2026-11-23T10:00:00Z');
const KEY = Buffer.alloc(32, 1);

beforeAll(async () => {
  [env, signIn] = await Promise.all([tableEnv(), startTestSignIn()]);
  store = createApprovalStore({ table: env.table('approvals') });
  verifyToken = createEntraTokenVerifier(signIn.settings);
  headers = await signIn.headersFor(APPROVER);
});
afterAll(async () => {
  await Promise.all([env.stop(), signIn.close()]);
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
    verifyToken,
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

    it('refuses an exemption length the page does not offer, deciding and granting nothing', async () => {
      const approval = await store.create(newApproval(), { now: NOW });
      const { deps, posted } = harness(() => Promise.reject(new Error('not called')));
      const granted: unknown[] = [];
      deps.grantExemption = (grant) => {
        granted.push(grant);
        return Promise.resolve();
      };
      const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
      const post = (exemptionDays: string) =>
        handleApprovalRequest(
          {
            method: 'POST',
            approvalId: approval.id,
            headers,
            form: { [CSRF_FIELD]: token, decision: 'reject', reason: 'Vendor', exemptionDays },
          },
          deps,
        );
      for (const days of ['365', '45', '1']) {
        const response = await post(days);
        expect(response.status, days).toBe(400);
        expect(response.html, days).toContain(`an exemption lasts 7, 30, 90 days, not ${days}`);
      }
      expect(granted).toEqual([]);
      expect(posted).toEqual([]);
      expect((await store.get(approval.id))?.status).toBe('pending');
      // An offered length still goes through.
      expect((await post('30')).status).toBe(200);
      expect(granted).toHaveLength(1);
    });

    it('posts nothing when the rejection is refused for want of a reason', async () => {
      const { status, posted } = await reject({ reason: '  ' }, false);
      expect(status).toBe(400);
      expect(posted).toEqual([]);
    });
  });
});

describe('sign-in: the signed Entra ID token decides who is deciding', () => {
  /** POSTs an approve for a fresh approval with `requestHeaders`; reports what changed. */
  async function approveWith(
    requestHeaders: Record<string, string>,
    verify: ApprovalHandlerDeps['verifyToken'] = verifyToken,
  ) {
    const approval = await store.create(newApproval(), { now: NOW });
    let executed = 0;
    const { deps, ledger, posted } = harness(() => {
      executed++;
      return Promise.resolve({ outcome: 'succeeded', succeeded: true, message: 'fixed' });
    });
    deps.verifyToken = verify;
    const token = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
    const response = await handleApprovalRequest(
      {
        method: 'POST',
        approvalId: approval.id,
        headers: requestHeaders,
        form: { [CSRF_FIELD]: token, decision: 'approve' },
      },
      deps,
    );
    const after = await store.get(approval.id);
    return { response, after, executed, ledger, posted };
  }

  async function expectRefused(requestHeaders: Record<string, string>, status: 401 | 403) {
    const { response, after, executed, ledger, posted } = await approveWith(requestHeaders);
    expect(response.status).toBe(status);
    expect(after?.status).toBe('pending');
    expect(after?.decidedBy).toBeUndefined();
    expect(executed).toBe(0);
    expect(ledger).toEqual([]);
    expect(posted).toEqual([]);
    return response;
  }

  it('accepts the approver with a good token and records the name the token carries', async () => {
    const good = await signIn.headersFor(APPROVER);
    // The platform header names the same object id but another display name: the token wins.
    good[PRINCIPAL_HEADER] = encodeClientPrincipal({ ...APPROVER, name: 'Mallory Header' });
    const { response, after, executed } = await approveWith(good);
    expect(response.status).toBe(200);
    expect(executed).toBe(1);
    expect(after?.status).toBe('approved');
    expect(after?.decidedBy).toEqual({ id: APPROVER.id, name: APPROVER.name });
  });

  it('refuses a forged principal header with no token (401)', async () => {
    const forged = await signIn.headersFor(APPROVER);
    delete forged['x-ms-token-aad-id-token'];
    const response = await expectRefused(forged, 401);
    expect(response.html).toContain('You are not signed in');
  });

  it('refuses a token signed by another key (401)', async () => {
    const other = await startTestSignIn({
      tenantId: signIn.issuer.tenantId,
      clientId: signIn.issuer.clientId,
    });
    try {
      const response = await expectRefused(await other.headersFor(APPROVER), 401);
      expect(response.html).toContain('could not be verified');
    } finally {
      await other.close();
    }
  });

  it('refuses a token for another tenant (401)', async () => {
    await expectRefused(
      await signIn.headersFor(APPROVER, { tenantId: 'c0c0c0c0-0000-4000-8000-0000000000cc' }),
      401,
    );
  });

  it('refuses a token for another audience (401)', async () => {
    await expectRefused(
      await signIn.headersFor(APPROVER, { audience: 'd0d0d0d0-0000-4000-8000-0000000000dd' }),
      401,
    );
  });

  it('refuses an expired token beyond the clock skew (401)', async () => {
    await expectRefused(
      await signIn.headersFor(APPROVER, {
        issuedAt: new Date(Date.now() - 2 * 3_600_000),
        lifetimeSeconds: 3_600,
      }),
      401,
    );
  });

  it('refuses a good token without the Ward.Approver role (403)', async () => {
    const response = await expectRefused(
      await signIn.headersFor({ ...APPROVER, roles: ['Ward.Reader'] }),
      403,
    );
    expect(response.html).toContain('Ward.Approver');
  });

  it('refuses a principal header that names someone else than the token (401)', async () => {
    const mixed = await signIn.headersFor({
      id: 'eeeeeeee-0000-4000-8000-0000000000ee',
      name: 'Eve',
      roles: [],
    });
    mixed[PRINCIPAL_HEADER] = encodeClientPrincipal(APPROVER);
    await expectRefused(mixed, 401);
  });

  it('accepts a bearer token, a v1 issuer and the api:// audience', async () => {
    const token = await signIn.issuer.idToken(APPROVER, {
      issuer: `https://sts.windows.net/${signIn.issuer.tenantId}/`,
      audience: `api://${signIn.issuer.clientId}`,
    });
    const { response, after } = await approveWith({ Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(after?.decidedBy?.id).toBe(APPROVER.id);
  });

  it('fetches the signing keys once and keeps them for later requests', async () => {
    const fresh = await startTestSignIn();
    try {
      const verify = createEntraTokenVerifier(fresh.settings);
      for (let i = 0; i < 3; i++) {
        const { response } = await approveWith(await fresh.headersFor(APPROVER), verify);
        expect(response.status).toBe(200);
      }
      expect(fresh.jwksFetches()).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('answers 503 and changes nothing when the signing keys cannot be fetched', async () => {
    const gone = await startTestSignIn();
    const requestHeaders = await gone.headersFor(APPROVER);
    const verify = createEntraTokenVerifier(gone.settings);
    await gone.close();
    const { response, after, executed } = await approveWith(requestHeaders, verify);
    expect(response.status).toBe(503);
    expect(after?.status).toBe('pending');
    expect(executed).toBe(0);
  });

  it('refuses every request when sign-in verification is not configured (503)', async () => {
    const approval = await store.create(newApproval(), { now: NOW });
    const { deps, ledger } = harness(() => Promise.reject(new Error('not called')));
    deps.verifyToken = undefined;
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
    expect(response.status).toBe(503);
    expect(response.html).toContain('WARD_APPROVAL_TENANT_ID');
    expect((await store.get(approval.id))?.status).toBe('pending');
    expect(ledger).toEqual([]);
  });
});
