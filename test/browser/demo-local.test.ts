import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalStore, type ApprovalStore } from '../../src/approvals/approval-store';
import { createDevSignIn, DevSignInError } from '../../src/approvals/dev-sign-in';
import {
  startLocalApprovalServer,
  type LocalApprovalServer,
} from '../../src/approvals/local-server';
import { approvalRequestedCard } from '../../src/notify/cards';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import { startTeamsStandIn, type TeamsStandIn } from '../../src/notify/teams-standin';
import { APPROVER, newApproval, principalHeader } from '../approvals/fixtures';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { memoryLogger } from '../notify/memory-logger';
import { approvalRequestedInput, sampleFinding, samplePlan } from '../notify/samples';
import { launchChromium } from '../support/browser';

const ARTIFACTS = 'test-artifacts/demo';
let env: TableEnv;
let browser: Browser;
let standIn: TeamsStandIn;
let approvals: LocalApprovalServer;
let store: ApprovalStore;
const executed: string[] = [];
const clock = new Date('2026-11-23T10:00:00Z');

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [env, browser, standIn] = await Promise.all([
    tableEnv(),
    launchChromium(),
    startTeamsStandIn({ now: () => clock }),
  ]);
  store = createApprovalStore({ table: env.table('demoapprovals') });
  const { logger } = memoryLogger();
  const notifier = createTeamsNotifier({
    webhookUrl: standIn.webhookUrl,
    logger,
    retry: { attempts: 1 },
  });
  approvals = await startLocalApprovalServer({
    env: {},
    deps: {
      store,
      csrfKey: Buffer.alloc(32, 9),
      now: () => clock,
      reevaluate: () =>
        Promise.resolve({
          kind: 'planned',
          plan: samplePlan(),
          etag: 'W/"etag-1"',
          finding: sampleFinding(),
        }),
      execute: (approval) => {
        executed.push(approval.id);
        return Promise.resolve({
          outcome: 'succeeded',
          succeeded: true,
          message: 'done',
          ledgerId: 'ledger-demo',
        });
      },
      recordLedger: () => Promise.resolve(),
      notify: async (message) => {
        await notifier.post(message);
      },
      logger,
    },
  });
});

afterAll(async () => {
  await browser.close();
  await Promise.all([approvals.close(), standIn.close(), env.stop()]);
});

describe('ward demo: Teams stand-in and approval page with development sign-in', () => {
  it('a card posted to the stand-in renders; its button leads through sign-in to the approval, which executes once', async () => {
    const approval = await store.create(newApproval(), { now: clock });
    const { logger } = memoryLogger();
    const notifier = createTeamsNotifier({ webhookUrl: standIn.webhookUrl, logger });
    const delivered = await notifier.post(
      approvalRequestedCard(approvalRequestedInput(approvals.approvalUrl(approval.id))),
    );
    expect(delivered).toMatchObject({ delivered: true, status: 202 });

    const context = await browser.newContext({ viewport: { width: 800, height: 1000 } });
    const channel = await context.newPage();
    await channel.goto(standIn.origin);
    await expect(channel.locator('article').count()).resolves.toBe(1);
    expect(await channel.locator('article').innerText()).toContain('Approval needed');
    await channel.screenshot({ path: `${ARTIFACTS}/channel.png`, fullPage: true });

    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      channel.getByRole('link', { name: 'Approve or reject' }).click(),
    ]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toBe('/signin');
    await popup.getByLabel(/Demo Approver/).check();
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await popup.waitForURL(approvals.approvalUrl(approval.id));
    await popup.getByRole('button', { name: 'Approve and apply the change' }).click();
    await popup.waitForLoadState();
    await expect(popup.locator('main h1').innerText()).resolves.toBe('Approved and applied');
    expect(executed).toEqual([approval.id]);
    // The outcome reached the channel.
    await channel.reload();
    await expect(channel.locator('article').count()).resolves.toBe(2);
    expect(await channel.locator('article').nth(1).innerText()).toContain(
      'ward fixed an insecure setting',
    );
    await context.close();
  });

  it('the viewer without the role gets 403 from the demo sign-in', async () => {
    const approval = await store.create(newApproval(), { now: clock });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(approvals.approvalUrl(approval.id));
    await page.getByLabel(/Demo Viewer/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main h1').innerText()).toBe('You cannot decide approvals');
    await context.close();
  });

  it('ignores an x-ms-client-principal a client sends: only the sign-in supplies it', async () => {
    const approval = await store.create(newApproval(), { now: clock });
    const context = await browser.newContext({
      extraHTTPHeaders: { 'x-ms-client-principal': principalHeader(APPROVER) },
    });
    const response = await context.request.post(approvals.approvalUrl(approval.id), {
      form: { decision: 'approve' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(401);
    await context.close();
  });

  it('the stand-in answers 400 to something that is not a Teams message', async () => {
    const { logger } = memoryLogger();
    const notifier = createTeamsNotifier({ webhookUrl: standIn.webhookUrl, logger });
    const result = await notifier.post({ type: 'message', attachments: [] } as never);
    expect(result).toMatchObject({ delivered: false, status: 400, attempts: 1 });
  });

  it('the development sign-in refuses to start in Azure', async () => {
    expect(() => createDevSignIn({ WEBSITE_SITE_NAME: 'ward-prod' })).toThrow(DevSignInError);
    await expect(
      startLocalApprovalServer({ env: { WEBSITE_INSTANCE_ID: 'abc' }, deps: {} as never }),
    ).rejects.toMatchObject({ code: 'dev-sign-in-in-azure' });
  });
});
