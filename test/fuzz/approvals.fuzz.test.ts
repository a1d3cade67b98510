import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { CSRF_FIELD, issueCsrfToken } from '../../src/approvals/csrf';
import { createEntraTokenVerifier } from '../../src/approvals/entra-token';
import {
  handleApprovalRequest,
  type ApprovalHandlerDeps,
  type ApprovalHttpRequest,
} from '../../src/approvals/http-handler';
import { encodeClientPrincipal, PRINCIPAL_HEADER } from '../../src/approvals/principal';
import type { Approval } from '../../src/approvals/types';
import { APPROVER, VIEWER, newApproval } from '../approvals/fixtures';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import { FUZZ_RUNS, fuzzRuns, hostileSmallValue } from './fuzz-settings';

const NOW = new Date();
const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);

let env: TableEnv;
let signIn: TestSignIn;
let store: ApprovalStore;
let approval: Approval;
let approverHeaders: Record<string, string>;
let viewerHeaders: Record<string, string>;
let expiredHeaders: Record<string, string>;

beforeAll(async () => {
  [env, signIn] = await Promise.all([tableEnv(), startTestSignIn()]);
  store = createApprovalStore({ table: env.table('fuzzapprovals') });
  approval = await store.create(newApproval(), { now: NOW });
  approverHeaders = await signIn.headersFor(APPROVER);
  viewerHeaders = await signIn.headersFor(VIEWER);
  expiredHeaders = await signIn.headersFor(APPROVER, {
    issuedAt: new Date(Date.now() - 3 * 3600_000),
  });
});
afterAll(async () => {
  await Promise.all([env.stop(), signIn.close()]);
});

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));

/** Every header set a caller could send: none, forged, another person's, expired, the approver's. */
function headersArb(): fc.Arbitrary<Record<string, string | undefined>> {
  return fc.oneof(
    fc.constant({}),
    fc.constant(approverHeaders),
    fc.constant(viewerHeaders),
    fc.constant(expiredHeaders),
    // A principal header without a token, or naming someone else than the token.
    fc.constant({ [PRINCIPAL_HEADER]: encodeClientPrincipal(APPROVER) }),
    fc.constant({
      ...viewerHeaders,
      [PRINCIPAL_HEADER]: encodeClientPrincipal(APPROVER),
    }),
    fc.dictionary(
      fc.constantFrom(...Object.keys(approverHeaders), 'authorization', 'cookie', 'X-Other'),
      fc.oneof(text, fc.constant(undefined)),
    ),
    fc
      .tuple(fc.constantFrom(...Object.keys(approverHeaders)), text)
      .map(([name, value]) => ({ ...approverHeaders, [name]: value })),
  );
}

/** A CSRF token that is never the one issued for this approver, approval and key. */
function forgedCsrf(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constant(undefined),
    text,
    fc.constant(
      issueCsrfToken(OTHER_KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW),
    ),
    fc.constant(issueCsrfToken(KEY, { approvalId: approval.id, principalId: VIEWER.id }, NOW)),
    fc.constant(issueCsrfToken(KEY, { approvalId: 'other', principalId: APPROVER.id }, NOW)),
    fc.constant(
      issueCsrfToken(
        KEY,
        { approvalId: approval.id, principalId: APPROVER.id },
        new Date(NOW.getTime() - 48 * 3600_000),
      ),
    ),
  );
}

/** Any form fields, with a CSRF token that does not verify. */
function forgedForm(): fc.Arbitrary<Record<string, string | undefined>> {
  return fc.record(
    {
      [CSRF_FIELD]: forgedCsrf(),
      decision: fc.oneof(fc.constantFrom('approve', 'reject', 'APPROVE', ''), text),
      reason: fc.oneof(text, fc.constant('r'.repeat(1001))),
      exemptionDays: fc.oneof(
        fc.constantFrom('7', '30', '90', '0', '365', '-1', '1e3', 'NaN', ''),
        text,
      ),
      extra: hostileSmallValue.map((value) => (typeof value === 'string' ? value : undefined)),
    },
    { requiredKeys: [] },
  );
}

/**
 * The approver's valid CSRF token with a form the page would never send: no decision or an
 * unknown one, a rejection without a reason, a reason over 1000 characters, or an exemption
 * length the page does not offer. Each must be refused before anything is decided.
 */
function badFormWithValidCsrf(): fc.Arbitrary<Record<string, string | undefined>> {
  const csrf = issueCsrfToken(KEY, { approvalId: approval.id, principalId: APPROVER.id }, NOW);
  return fc
    .oneof(
      fc
        .record(
          { decision: fc.oneof(fc.constantFrom('', 'APPROVE', 'yes'), text), reason: text },
          { requiredKeys: [] },
        )
        .filter((form) => form.decision !== 'approve' && form.decision !== 'reject'),
      fc.record({ decision: fc.constant('reject'), reason: fc.constantFrom('', '   ') }),
      fc.record({
        decision: fc.constantFrom('approve', 'reject'),
        reason: fc.constant('r'.repeat(1001)),
      }),
      fc.record({
        decision: fc.constant('reject'),
        reason: fc.constant('not now'),
        exemptionDays: fc.oneof(
          fc.constantFrom('1', '14', '365', '-1', '366', '1.5', 'NaN', 'ninety'),
          // Not a number the form would accept (" 7", "7e0" and "0x7" all read as 7).
          text.filter((value) => ![0, 7, 30, 90].includes(Number(value))),
        ),
      }),
    )
    .map((form) => ({ ...form, [CSRF_FIELD]: csrf }));
}

function requestArb(): fc.Arbitrary<ApprovalHttpRequest> {
  return fc.record({
    method: fc.oneof(fc.constantFrom('GET', 'POST', 'post', 'PUT', 'DELETE', 'OPTIONS', ''), text),
    approvalId: fc.oneof(fc.constant(approval.id), text, fc.constant('../../x'), fc.constant('')),
    headers: headersArb(),
    form: fc.option(fc.oneof(forgedForm(), badFormWithValidCsrf()), { nil: undefined }),
  });
}

describe(`approval HTTP handler fuzzing (${FUZZ_RUNS} requests, in process)`, () => {
  it('answers every forged or malformed request with a refusal page and changes nothing', async () => {
    const calls: string[] = [];
    const deps: ApprovalHandlerDeps = {
      store,
      csrfKey: KEY,
      now: () => NOW,
      verifyToken: createEntraTokenVerifier(signIn.settings),
      approvalUrl: (id) => `https://ward.example/api/approvals/${id}`,
      reevaluate: () => {
        calls.push('reevaluate');
        return Promise.reject(new Error('reevaluate must not be reached'));
      },
      execute: () => {
        calls.push('execute');
        return Promise.reject(new Error('execute must not be reached'));
      },
      recordLedger: () => {
        calls.push('recordLedger');
        return Promise.resolve();
      },
      notify: () => {
        calls.push('notify');
        return Promise.resolve();
      },
      grantExemption: () => {
        calls.push('grantExemption');
        return Promise.resolve();
      },
    };
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb(), async (request) => {
        const response = await handleApprovalRequest(request, deps);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const method = request.method.toUpperCase();
        // Only the approver's own GET of the real approval is served; everything else is refused.
        const ok = response.status === 200 ? method === 'GET' : response.status >= 400;
        return (
          ok &&
          response.status < 500 &&
          calls.length === 0 &&
          response.headers['content-security-policy'] !== undefined
        );
      }),
      fuzzRuns,
    );
    expect(calls).toEqual([]);
    // Nothing written: the approval is still pending, exactly as created.
    expect(await store.get(approval.id)).toEqual(approval);
    // The refusals were exercised, not only one of them.
    for (const status of [200, 400, 401, 403, 404, 405]) {
      expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    }
  }, 180_000);
});
