import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionPlan } from '../../src/actions/types';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { createEntraTokenVerifier } from '../../src/approvals/entra-token';
import { handleApprovalRequest, type ApprovalHandlerDeps } from '../../src/approvals/http-handler';
import type { ApprovalLedgerEntry, ExemptionGrant, Reevaluation } from '../../src/approvals/ports';
import type { Approval } from '../../src/approvals/types';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import { APPROVER, newApproval, VIEWER } from '../approvals/fixtures';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { memoryLogger } from '../notify/memory-logger';
import { sampleFinding, samplePlan } from '../notify/samples';
import { launchChromium } from '../support/browser';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';

const ARTIFACTS = 'test-artifacts/approval-page';

/** The resource as the test executor's world sees it: what reevaluate reads. */
interface World {
  plan: ActionPlan;
  etag: string;
  resolved?: string;
}

let env: TableEnv;
let receiver: TeamsReceiver;
// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();
let server: Server;
let origin: string;
let store: ApprovalStore;
let clock: Date;
let signIn: TestSignIn;
/** Sign-in verification is configured (WARD_APPROVAL_TENANT_ID / WARD_APPROVAL_CLIENT_ID). */
let authConfigured: boolean;
let world: World;
let executed: { approvalId: string; approver: string; planHash: string }[];
let ledger: ApprovalLedgerEntry[];
let exemptions: ExemptionGrant[];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [env, receiver, signIn] = await Promise.all([
    tableEnv(),
    startTeamsReceiver(),
    startTestSignIn(),
  ]);
  const verifyToken = createEntraTokenVerifier(signIn.settings);
  store = createApprovalStore({ table: env.table('approvals') });
  const { logger } = memoryLogger();
  const notifier = createTeamsNotifier({ webhookUrl: receiver.url('sig-approval-page'), logger });
  const deps = (): ApprovalHandlerDeps => ({
    store,
    csrfKey: Buffer.alloc(32, 42),
    now: () => clock,
    verifyToken: authConfigured ? verifyToken : undefined,
    approvalUrl: (id) => `/approvals/${id}`,
    reevaluate: (_approval: Approval): Promise<Reevaluation> =>
      Promise.resolve(
        world.resolved
          ? { kind: 'resolved', detail: world.resolved }
          : { kind: 'planned', plan: world.plan, etag: world.etag, finding: sampleFinding() },
      ),
    execute: (approval, approver) => {
      executed.push({
        approvalId: approval.id,
        approver: approver.name,
        planHash: approval.planHash,
      });
      return Promise.resolve({
        outcome: 'succeeded',
        succeeded: true,
        message: 'allowBlobPublicAccess is false; the rule passes.',
        ledgerId: `ledger-${executed.length}`,
      });
    },
    recordLedger: (entry) => {
      ledger.push(entry);
      return Promise.resolve();
    },
    notify: async (message) => {
      await notifier.post(message);
    },
    grantExemption: (grant) => {
      exemptions.push(grant);
      return Promise.resolve();
    },
  });
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/approvals\/([^/?#]*)$/.exec(req.url ?? '');
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]),
      );
      handleApprovalRequest(
        {
          method: req.method ?? 'GET',
          approvalId: decodeURIComponent(match[1] ?? ''),
          headers,
          form,
        },
        deps(),
      ).then(
        (response) => {
          res.writeHead(response.status, response.headers).end(response.html);
        },
        (error: unknown) => {
          res.writeHead(500).end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await Promise.all([env.stop(), receiver.close(), signIn.close()]);
});

beforeEach(() => {
  clock = new Date('2026-11-23T10:00:00Z');
  authConfigured = true;
  world = { plan: samplePlan(), etag: 'W/"etag-1"' };
  executed = [];
  ledger = [];
  exemptions = [];
  receiver.posts.length = 0;
});

async function signedIn(
  person: { id: string; name: string; roles: string[] } | undefined,
  phone = false,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    // What App Service authentication forwards: the principal header and the signed id token.
    ...(person ? { extraHTTPHeaders: await signIn.headersFor(person) } : {}),
    viewport: phone ? { width: 390, height: 844 } : { width: 1024, height: 900 },
  });
  return { context, page: await context.newPage() };
}

async function pending(): Promise<Approval> {
  return store.create(newApproval(), { now: clock });
}

describe('approval page in Chromium', () => {
  it('approve: shows the finding and diff, executes once, records the approver and posts to Teams', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    const response = await page.goto(`${origin}/approvals/${approval.id}`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('main h1').innerText()).resolves.toContain(
      'Set allowBlobPublicAccess to false',
    );
    const main = await page.locator('main').innerText();
    expect(main).toContain(approval.resourceId);
    expect(main).toContain('Anonymous blob access exposes training data');
    expect(main).toContain('dana@contoso.example');
    expect(main).toContain('2026-11-24 10:00 UTC (in 1 day)');
    // The diff reads without colour: signs and hidden "Before:"/"After:" labels.
    await expect(page.locator('.diff del').textContent()).resolves.toMatch(/^−\s*Before: true$/);
    await expect(page.locator('.diff ins').textContent()).resolves.toMatch(/^\+\s*After: false$/);
    await expect(page.getByLabel(/Reason/).count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/approval-desktop.png`, fullPage: true });

    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    await expect(page.locator('main h1').innerText()).resolves.toBe('Approved and applied');
    await page.screenshot({ path: `${ARTIFACTS}/approved.png`, fullPage: true });
    expect(executed).toEqual([
      { approvalId: approval.id, approver: APPROVER.name, planHash: approval.planHash },
    ]);
    expect((await store.get(approval.id))?.status).toBe('approved');
    expect(ledger).toMatchObject([
      {
        kind: 'approval-decided',
        decision: 'approved',
        approver: { id: APPROVER.id },
        outcome: 'succeeded',
      },
    ]);
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]?.body).toContain('ward fixed an insecure setting');
    expect(receiver.posts[0]?.body).toContain('ward undo ledger-1');
    await context.close();
  });

  it('a replayed POST is refused as already decided and executes nothing more', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${approval.id}`);
    const csrf = await page.locator('input[name="csrf"]').getAttribute('value');
    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    expect(executed).toHaveLength(1);
    const replay = await page.request.post(`${origin}/approvals/${approval.id}`, {
      form: { csrf: csrf ?? '', decision: 'approve', reason: '' },
    });
    expect(replay.status()).toBe(409);
    expect(await replay.text()).toContain('This approval was already approved');
    expect(executed).toHaveLength(1);
    await context.close();
  });

  it('reject needs a reason, records it and can grant a time-boxed exemption', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER, true);
    await page.goto(`${origin}/approvals/${approval.id}`);
    await page.screenshot({ path: `${ARTIFACTS}/approval-phone.png`, fullPage: true });
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('give a reason to reject');
    expect((await store.get(approval.id))?.status).toBe('pending');

    await page
      .getByLabel(/Reason/)
      .fill('Public container hosts the open dataset <b>by design</b>');
    await page.getByLabel(/exempt this resource/).selectOption('30');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.waitForLoadState();
    await expect(page.locator('main h1').innerText()).resolves.toBe('Rejected');
    // Escaped, shown as text.
    expect(await page.locator('main').innerText()).toContain('<b>by design</b>');
    const stored = await store.get(approval.id);
    expect(stored).toMatchObject({
      status: 'rejected',
      reason: 'Public container hosts the open dataset <b>by design</b>',
    });
    expect(executed).toEqual([]);
    expect(exemptions).toEqual([
      {
        ruleId: 'storage-blob-public-access-disabled',
        scope: approval.resourceId,
        reason: 'Public container hosts the open dataset <b>by design</b>',
        expires: '2026-12-23T10:00:00.000Z',
        createdBy: APPROVER.name,
      },
    ]);
    expect(ledger).toMatchObject([
      { kind: 'approval-decided', decision: 'rejected', exemptionDays: 30 },
    ]);
    // The rejection reaches Teams like an approval's outcome does.
    expect(receiver.posts).toHaveLength(1);
    const card = receiver.posts[0]?.body ?? '';
    expect(card).toContain('Approval rejected: ward changed nothing');
    expect(card).toContain(APPROVER.name);
    expect(card).toContain('Public container hosts the open dataset <b>by design</b>');
    expect(card).toContain('until 2026-12-23T10:00:00.000Z');
    await context.close();
  });

  it('an expired approval shows a clear page and cannot be approved', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${approval.id}`);
    clock = new Date('2026-11-24T10:00:01Z');
    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    await expect(page.locator('main h1').innerText()).resolves.toBe('This approval has expired');
    const again = await page.goto(`${origin}/approvals/${approval.id}`);
    expect(again?.status()).toBe(410);
    expect(executed).toEqual([]);
    await context.close();
  });

  it('a principal without Ward.Approver gets 403 and no form', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(VIEWER);
    const response = await page.goto(`${origin}/approvals/${approval.id}`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain(
      'do not hold the app role Ward.Approver',
    );
    await expect(page.locator('form').count()).resolves.toBe(0);
    const post = await page.request.post(`${origin}/approvals/${approval.id}`, {
      form: { decision: 'approve' },
    });
    expect(post.status()).toBe(403);
    expect(executed).toEqual([]);
    await context.close();
  });

  it('no principal gets 401', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(undefined);
    const response = await page.goto(`${origin}/approvals/${approval.id}`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('main h1').innerText()).toBe('Sign in to decide');
    await context.close();
  });

  it('a POST without the CSRF token (or with another approval\u2019s) executes nothing', async () => {
    const approval = await pending();
    const other = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${other.id}`);
    const otherToken = (await page.locator('input[name="csrf"]').getAttribute('value')) ?? '';
    const missing = await page.request.post(`${origin}/approvals/${approval.id}`, {
      form: { decision: 'approve' },
    });
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toContain('The form could not be verified');
    const foreign = await page.request.post(`${origin}/approvals/${approval.id}`, {
      form: { decision: 'approve', csrf: otherToken },
    });
    expect(foreign.status()).toBe(403);
    expect(executed).toEqual([]);
    expect((await store.get(approval.id))?.status).toBe('pending');
    await context.close();
  });

  it('the resource changed after the plan: the new plan is shown for a fresh decision, nothing executes', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${approval.id}`);
    world = {
      etag: 'W/"etag-2"',
      plan: samplePlan({
        basisEtag: 'W/"etag-2"',
        summary: 'Set allowBlobPublicAccess to false (again)',
      }),
    };
    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(
      'The resource changed since the plan was made',
    );
    await expect(page.locator('main h1').innerText()).resolves.toContain('(again)');
    await page.screenshot({ path: `${ARTIFACTS}/changed.png`, fullPage: true });
    expect(executed).toEqual([]);
    const old = await store.get(approval.id);
    expect(old?.status).toBe('superseded');
    const fresh = await store.get(old?.supersededBy ?? '');
    expect(fresh).toMatchObject({ status: 'pending', plannedEtag: 'W/"etag-2"' });
    expect(page.url()).toBe(`${origin}/approvals/${approval.id}`);

    // The fresh page posts to the new approval; approving it executes the new plan once.
    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    await expect(page.locator('main h1').innerText()).resolves.toBe('Approved and applied');
    expect(executed).toEqual([
      { approvalId: fresh?.id, approver: APPROVER.name, planHash: fresh?.planHash },
    ]);
    await context.close();
  });

  it('keyboard: Tab reaches the reason field and both buttons, each with an accessible name', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${approval.id}`);
    const reached: string[] = [];
    for (let i = 0; i < 20 && reached.length < 4; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const active = (
          globalThis as unknown as {
            document: {
              activeElement: { tagName: string; textContent: string | null; id: string } | null;
            };
          }
        ).document.activeElement;
        return active ? `${active.tagName}:${active.id || (active.textContent ?? '').trim()}` : '';
      });
      if (!reached.includes(focused)) reached.push(focused);
    }
    expect(reached).toContain('TEXTAREA:reason');
    expect(reached).toContain('BUTTON:Approve and apply the change');
    expect(reached).toContain('BUTTON:Reject');
    // Enter on the focused Reject button submits the form (and fails validation without a reason).
    await page.getByRole('button', { name: 'Reject' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForLoadState();
    await expect(page.getByRole('alert').innerText()).resolves.toContain('give a reason');
    await context.close();
  });

  it('unknown approvals and unconfigured authentication get clear pages', async () => {
    const { context, page } = await signedIn(APPROVER);
    const unknown = await page.goto(`${origin}/approvals/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('main h1').innerText()).toBe('No such approval');
    const approval = await pending();
    authConfigured = false;
    const refused = await page.goto(`${origin}/approvals/${approval.id}`);
    expect(refused?.status()).toBe(503);
    expect(await page.locator('main').innerText()).toContain(
      'Sign-in verification (the Entra ID tenant and app registration, WARD_APPROVAL_TENANT_ID and WARD_APPROVAL_CLIENT_ID) is not configured',
    );
    await context.close();
  });

  it('a fresh read showing nothing to do closes the approval without executing', async () => {
    const approval = await pending();
    const { context, page } = await signedIn(APPROVER);
    await page.goto(`${origin}/approvals/${approval.id}`);
    world.resolved = 'the rule passes now';
    await page.getByRole('button', { name: 'Approve and apply the change' }).click();
    await page.waitForLoadState();
    await expect(page.locator('main h1').innerText()).resolves.toBe('Nothing to change any more');
    expect(executed).toEqual([]);
    expect(ledger).toMatchObject([{ kind: 'approval-resolved' }]);
    await context.close();
  });
});
