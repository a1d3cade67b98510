import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWard, type Ward } from '../../src/app/create-ward';
import { APPROVER_ROLE } from '../../src/approvals/principal';
import { apiVersionFor } from '../../src/azure/api-versions';
import { policySchema } from '../../src/config/policy';
import { startTeamsStandIn, type TeamsStandIn } from '../../src/demo/teams-standin';
import { parseEvent } from '../../src/events';
import { SimulatorCredential } from '../../src/simulator';
import {
  cognitiveAccount,
  diagnosticSetting,
  logAnalyticsWorkspace,
  storageAccount,
  type Scope,
} from '../../src/simulator/seed/bodies';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';
import { deterministicUuid } from '../../src/simulator/seed/ids';
import { startApprovalHost, type ApprovalHost, type TestPrincipal } from '../support/approval-host';
import { launchChromium } from '../support/browser';
import {
  startSimulatorHarness,
  WARD_PRINCIPAL_ID,
  type SimulatorHarness,
} from '../support/simulator';

const ARTIFACTS = 'test-artifacts/approvals-queue';
/**
 * With WARD_DOCS_SCREENSHOTS=1 the screenshots are also written to docs/images, where
 * docs/approvals.md shows them (regenerate them after changing the queue's page).
 */
const DOCS_IMAGES = process.env.WARD_DOCS_SCREENSHOTS === '1' ? 'docs/images' : undefined;
const OPEN_FIREWALL = { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] };
const PUBLIC_RULE = 'cognitive-public-network-disabled';
const BLOB_RULE = 'storage-blob-public-access-disabled';
const COGNITIVE = 'Microsoft.CognitiveServices/accounts';
const STORAGE = 'Microsoft.Storage/storageAccounts';

const uuid = (...parts: string[]): string => deterministicUuid('ward-approvals-queue', ...parts);
const tenantId = uuid('tenant');
const research: Scope = {
  tenantId,
  subscriptionId: uuid('subscription', 'research'),
  resourceGroup: 'rg-research',
  location: 'westeurope',
};
const production: Scope = {
  tenantId,
  subscriptionId: uuid('subscription', 'production'),
  resourceGroup: 'rg-production',
  location: 'westeurope',
};

const APPROVER: TestPrincipal = {
  id: uuid('person', 'ana'),
  name: 'Ana Approver',
  roles: [APPROVER_ROLE],
};

const logs = logAnalyticsWorkspace(research, 'log-queue', uuid('log-analytics'));

/** An OpenAI account passing every rule, with its audit logs going to the workspace. */
function compliantOpenAi(scope: Scope, name: string): SeedResource[] {
  const account = cognitiveAccount(scope, {
    name,
    kind: 'OpenAI',
    publicNetworkAccess: 'Disabled',
    disableLocalAuth: true,
    principalId: uuid('identity', name),
  });
  return [account, diagnosticSetting(account.id, 'audit', logs.id, [{ category: 'Audit' }])];
}

/** A storage account passing every storage rule. */
function compliantStorage(scope: Scope, name: string): SeedResource[] {
  const account = storageAccount(scope, {
    name,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Disabled',
  });
  return [
    account,
    diagnosticSetting(account.id, 'metrics', logs.id, [], ['Transaction']),
    diagnosticSetting(`${account.id}/blobServices/default`, 'audit', logs.id, [
      { categoryGroup: 'audit' },
    ]),
  ];
}

const OPENAI = {
  a: { scope: research, name: 'oai-research-a' },
  b: { scope: research, name: 'oai-research-b' },
  c: { scope: research, name: 'oai-research-c' },
  prod: { scope: production, name: 'oai-production' },
} as const;
const ST = {
  a: { scope: research, name: 'stresearcha' },
  b: { scope: research, name: 'stresearchb' },
  prod: { scope: production, name: 'stproduction' },
} as const;

const seed: Seed = {
  tenantId,
  subscriptions: [
    { subscriptionId: research.subscriptionId, displayName: 'ml-research' },
    { subscriptionId: production.subscriptionId, displayName: 'ml-production' },
  ],
  resources: [
    logs,
    ...Object.values(OPENAI).flatMap(({ scope, name }) => compliantOpenAi(scope, name)),
    ...Object.values(ST).flatMap(({ scope, name }) => compliantStorage(scope, name)),
  ],
  secrets: [],
};

function idOf(type: string, { scope, name }: { scope: Scope; name: string }): string {
  const provider = type.split('/')[0] ?? '';
  const kind = type.split('/')[1] ?? '';
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${provider}/${kind}/${name}`;
}

let harness: SimulatorHarness;
let teams: TeamsStandIn;
let host: ApprovalHost;
let ward: Ward;
const browser = await launchChromium();

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (DOCS_IMAGES) mkdirSync(DOCS_IMAGES, { recursive: true });
  [harness, teams, host] = await Promise.all([
    startSimulatorHarness(seed),
    startTeamsStandIn(),
    startApprovalHost(() => Promise.resolve(ward.useCases)),
  ]);
  ward = await createWard({
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    credential: new SimulatorCredential({ oid: WARD_PRINCIPAL_ID, tid: tenantId, name: 'ward' }),
    tables: { connectionString: inject('azuriteConnectionString') },
    tablePrefix: `queue${randomBytes(4).toString('hex')}`,
    policy: policySchema.parse({}),
    principalId: WARD_PRINCIPAL_ID,
    subscriptions: [research.subscriptionId, production.subscriptionId],
    approvalBaseUrl: host.origin,
    approvalSignIn: host.signIn.settings,
    csrfKey: randomBytes(32),
    teams: { webhookUrl: teams.webhookUrl },
    logger: pino({ level: 'silent' }),
    verify: { attempts: 5, delayMs: 20 },
    sleep: (ms) =>
      new Promise((resolve) => {
        setTimeout(resolve, Math.min(ms, 25));
      }),
  });

  // Alice opens every account to the internet; ward asks for approval of each fix.
  for (const account of Object.values(OPENAI)) {
    await aliceChanges(idOf(COGNITIVE, account), COGNITIVE, {
      properties: { publicNetworkAccess: 'Enabled', networkAcls: OPEN_FIREWALL },
    });
  }
  for (const account of Object.values(ST)) {
    await aliceChanges(idOf(STORAGE, account), STORAGE, {
      properties: { allowBlobPublicAccess: true },
    });
  }
  for (const account of Object.values(OPENAI)) await deliverLatestWrite(idOf(COGNITIVE, account));
  for (const account of Object.values(ST)) await deliverLatestWrite(idOf(STORAGE, account));
}, 120_000);

afterAll(async () => {
  await ward.close();
  await browser.close();
  await Promise.all([host.close(), teams.close(), harness.stop()]);
});

async function aliceChanges(
  id: string,
  type: string,
  body: Record<string, unknown>,
): Promise<void> {
  const subscription = id.split('/')[2] ?? '';
  const resources = await harness.otherClients.resources(subscription);
  await resources.resources.beginUpdateByIdAndWait(id, apiVersionFor(type), body, {
    updateIntervalInMs: 20,
  });
}

async function armGet(id: string, type: string): Promise<Record<string, unknown>> {
  const subscription = id.split('/')[2] ?? '';
  const resources = await harness.clients.resources(subscription);
  const body = await resources.resources.getById(id, apiVersionFor(type));
  return body.properties ?? {};
}

async function deliverLatestWrite(id: string): Promise<void> {
  const event = harness.sim.events
    .history()
    .filter(
      (e) =>
        e.eventType === 'Microsoft.Resources.ResourceWriteSuccess' &&
        String(e.data.resourceUri).toLowerCase() === id.toLowerCase(),
    )
    .at(-1);
  if (!event) throw new Error(`the simulator raised no write event for ${id}`);
  await ward.useCases.handleSignal(parseEvent(event), {
    invocationId: `inv-${event.id}`,
    functionName: 'resource-changes',
  });
}

function wardWritesTo(id: string): number {
  return harness.sim.events
    .history()
    .filter(
      (event) =>
        event.eventType === 'Microsoft.Resources.ResourceWriteSuccess' &&
        String(event.data.resourceUri).toLowerCase() === id.toLowerCase() &&
        JSON.stringify(event.data.claims ?? {}).includes(WARD_PRINCIPAL_ID),
    ).length;
}

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([host.sessionCookie(APPROVER)]);
  return { context, page: await context.newPage() };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
  if (DOCS_IMAGES) await page.screenshot({ path: `${DOCS_IMAGES}/${name}.png`, fullPage: true });
}

/** The resource names the pending table lists, in order. */
async function pendingNames(page: Page): Promise<string[]> {
  const rows = page.locator('#pending-table tbody tr td[data-label="Resource"] strong');
  return rows.allInnerTexts();
}

/** Chooses filters in the form and submits it, as a person would. */
async function filter(page: Page, choices: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(choices)) {
    await page.getByLabel(label, { exact: true }).selectOption(value);
  }
  await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/api/approvals',
    ),
    page.getByRole('button', { name: 'Filter' }).click(),
  ]);
  await page.waitForLoadState();
}

async function decide(page: Page, button: 'Approve selected' | 'Reject selected'): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

describe('approvals queue in Chromium: simulator, ward, Teams', () => {
  it('lists every pending approval and filters by rule and subscription', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${host.origin}/api/approvals`);
    expect(await page.locator('main h1').innerText()).toBe('Approvals queue');
    expect(await page.locator('#pending').innerText()).toBe('Pending approvals (7)');
    expect((await pendingNames(page)).sort()).toEqual(
      [...Object.values(OPENAI), ...Object.values(ST)].map((a) => a.name).sort(),
    );
    // Each row: the plan's summary and when it expires (UTC and relative).
    const first = page.locator('#pending-table tbody tr').first();
    await expect(first.locator('td[data-label="Planned change"]').innerText()).resolves.toMatch(
      /^Set (publicNetworkAccess to Disabled on the account|allowBlobPublicAccess to false)/,
    );
    await expect(first.locator('td[data-label="Expires"]').innerText()).resolves.toMatch(
      /UTC\s+in (23 hours|1 day)/,
    );
    await screenshot(page, 'approvals-queue');

    await filter(page, { Rule: PUBLIC_RULE });
    expect(new URL(page.url()).searchParams.get('rule')).toBe(PUBLIC_RULE);
    expect((await pendingNames(page)).sort()).toEqual(
      Object.values(OPENAI)
        .map((a) => a.name)
        .sort(),
    );
    await filter(page, { Subscription: production.subscriptionId });
    expect(await pendingNames(page)).toEqual([OPENAI.prod.name]);
    await filter(page, { Rule: '', Severity: 'medium' });
    expect(await pendingNames(page)).toEqual([]);
    await expect(page.locator('main').innerText()).resolves.toContain(
      'No pending approvals match these filters.',
    );

    // A hand-made query is refused with what is wrong, not ignored.
    const bad = await page.goto(`${host.origin}/api/approvals?severity=urgent&subscription=x`);
    expect(bad?.status()).toBe(400);
    const problems = await page.getByRole('alert').innerText();
    expect(problems).toContain('severity must be one of critical, high, medium, low');
    expect(problems).toContain('subscription must be a subscription id (a GUID)');
    await context.close();
  });

  it('bulk approve: a plan gone stale is refused on its own while the rest are applied', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${host.origin}/api/approvals`);
    await filter(page, { Rule: PUBLIC_RULE, Subscription: research.subscriptionId });
    const names = [OPENAI.a.name, OPENAI.b.name, OPENAI.c.name];
    expect((await pendingNames(page)).sort()).toEqual([...names].sort());
    for (const name of names) await page.getByLabel(`Select ${name}`).check();
    await screenshot(page, 'approvals-queue-selected');

    // Someone changes account b after its plan was made: its etag moves on.
    const staleId = idOf(COGNITIVE, OPENAI.b);
    await aliceChanges(staleId, COGNITIVE, { tags: { owner: 'research' } });
    const staleBefore = (await ward.approvals.get(await pendingIdOf(page, OPENAI.b.name)))?.id;

    expect(await decide(page, 'Approve selected')).toBe(200);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(
      '2 approved, 1 refused.',
    );
    const results = page.locator('#results-table tbody tr');
    expect(await results.count()).toBe(3);
    const staleRow = results.filter({ hasText: OPENAI.b.name });
    await expect(staleRow.locator('td[data-label="Result"]').innerText()).resolves.toBe('Refused');
    await expect(staleRow.innerText()).resolves.toContain(
      'The resource changed since the plan was made, so nothing was changed.',
    );
    for (const account of [OPENAI.a, OPENAI.c]) {
      await expect(
        results.filter({ hasText: account.name }).locator('td[data-label="Result"]').innerText(),
      ).resolves.toBe('Done');
    }
    await screenshot(page, 'approvals-queue-bulk-approved');

    // Through ARM: a and c are closed to the internet by ward, once each; b is untouched.
    for (const account of [OPENAI.a, OPENAI.c]) {
      const id = idOf(COGNITIVE, account);
      expect(await armGet(id, COGNITIVE)).toMatchObject({ publicNetworkAccess: 'Disabled' });
      expect(wardWritesTo(id)).toBe(1);
    }
    expect(await armGet(staleId, COGNITIVE)).toMatchObject({ publicNetworkAccess: 'Enabled' });
    expect(wardWritesTo(staleId)).toBe(0);
    const superseded = await ward.approvals.get(staleBefore ?? '');
    expect(superseded?.status).toBe('superseded');
    // The stale one's new plan waits in the queue, and its link leads to the approval page.
    expect(await pendingNames(page)).toEqual([OPENAI.b.name]);
    await Promise.all([
      page.waitForURL(`${host.origin}/api/approvals/${superseded?.supersededBy ?? ''}`),
      staleRow.getByRole('link', { name: 'Review the new plan' }).click(),
    ]);
    expect(await page.locator('main h1').innerText()).toContain(
      'Approve or reject: Set publicNetworkAccess to Disabled',
    );
    await context.close();
  });

  it('bulk reject with a reason: nothing changes and the queue shows who decided and why', async () => {
    const { context, page } = await signedIn();
    await page.goto(`${host.origin}/api/approvals?rule=${BLOB_RULE}`);
    const names = Object.values(ST).map((a) => a.name);
    expect((await pendingNames(page)).sort()).toEqual([...names].sort());
    const ids = await Promise.all(names.map((name) => pendingIdOf(page, name)));
    for (const name of names) await page.getByLabel(`Select ${name}`).check();

    // Without a reason the whole rejection is refused and nothing is decided.
    expect(await decide(page, 'Reject selected')).toBe(400);
    await expect(page.getByRole('alert').innerText()).resolves.toContain(
      'Nothing was decided: give a reason to reject.',
    );
    for (const id of ids) expect((await ward.approvals.get(id))?.status).toBe('pending');

    for (const name of names) await page.getByLabel(`Select ${name}`).check();
    const reason = 'Public datasets for the hackathon, reviewed by security';
    await page.getByLabel(/^Reason/).fill(reason);
    expect(await decide(page, 'Reject selected')).toBe(200);
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(
      '3 rejected, 0 refused.',
    );
    for (const id of ids) {
      expect(await ward.approvals.get(id)).toMatchObject({
        status: 'rejected',
        reason,
        decidedBy: { id: APPROVER.id, name: APPROVER.name },
      });
    }
    for (const account of Object.values(ST)) {
      const id = idOf(STORAGE, account);
      expect(await armGet(id, STORAGE)).toMatchObject({ allowBlobPublicAccess: true });
      expect(wardWritesTo(id)).toBe(0);
      const ledger = await ward.ledger.listByResource(id);
      expect(ledger.filter((entry) => entry.kind === 'action')).toEqual([]);
    }
    // Recently decided: who and why, beside the rule.
    const recent = page.locator('#recent-table tbody tr').filter({ hasText: ST.a.name });
    await expect(recent.locator('td[data-label="By"]').innerText()).resolves.toBe(APPROVER.name);
    await expect(recent.locator('td[data-label="Why"]').innerText()).resolves.toBe(reason);
    await expect(recent.locator('td[data-label="Decision"]').innerText()).resolves.toBe('rejected');
    await screenshot(page, 'approvals-queue-bulk-rejected');
    await context.close();
  });
});

/** The approval id of the pending row about the resource `name`. */
async function pendingIdOf(page: Page, name: string): Promise<string> {
  const id = await page
    .locator('#pending-table tbody tr')
    .filter({ hasText: name })
    .getAttribute('data-approval-id');
  if (!id) throw new Error(`no pending row about ${name}`);
  return id;
}
