import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWard, type Ward } from '../../src/app/create-ward';
import { APPROVER_ROLE, encodeClientPrincipal } from '../../src/approvals/principal';
import type { Approval } from '../../src/approvals/types';
import { apiVersionFor } from '../../src/azure/api-versions';
import { policySchema } from '../../src/config/policy';
import { startTeamsStandIn, type TeamsStandIn } from '../../src/demo/teams-standin';
import { parseEvent } from '../../src/events';
import { redactingPinoOptions } from '../../src/notify/redact';
import { SimulatorCredential } from '../../src/simulator';
import {
  cognitiveAccount,
  diagnosticSetting,
  keyVault,
  logAnalyticsWorkspace,
  storageAccount,
  type Scope,
} from '../../src/simulator/seed/bodies';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';
import { deterministicUuid } from '../../src/simulator/seed/ids';
import type { TokenOverrides } from '../../src/demo/dev-token-issuer';
import { startApprovalHost, type ApprovalHost, type TestPrincipal } from '../support/approval-host';
import { startTestSignIn } from '../support/sign-in';
import { launchChromium } from '../support/browser';
import {
  startSimulatorHarness,
  WARD_PRINCIPAL_ID,
  type SimulatorHarness,
} from '../support/simulator';

const ARTIFACTS = 'test-artifacts/approval-e2e';
const LOG_FILE = `${ARTIFACTS}/ward.log`;
const HOUR = 3_600_000;

const uuid = (...parts: string[]): string => deterministicUuid('ward-approval-e2e', ...parts);
const scope: Scope = {
  tenantId: uuid('tenant'),
  subscriptionId: uuid('subscription'),
  resourceGroup: 'rg-approvals',
  location: 'westeurope',
};

const APPROVER: TestPrincipal = {
  id: uuid('person', 'ana'),
  name: 'Ana Approver',
  roles: [APPROVER_ROLE],
};
const READER: TestPrincipal = {
  id: uuid('person', 'vic'),
  name: 'Vic Viewer',
  roles: ['Ward.Reader'],
};

const logs = logAnalyticsWorkspace(scope, 'log-approvals', uuid('log-analytics'));
const audit = [{ categoryGroup: 'audit' }];

/** A storage account passing every storage rule: ward has nothing to say until someone changes it. */
function compliantStorage(name: string): SeedResource[] {
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
    diagnosticSetting(`${account.id}/blobServices/default`, 'audit', logs.id, audit, [
      'Transaction',
    ]),
  ];
}

const vault = keyVault(scope, {
  name: 'kv-approvals-e2e',
  purgeProtection: true,
  rbacAuthorization: true,
  publicNetworkAccess: 'Disabled',
  accessPolicyObjectId: uuid('person', 'platform'),
});
const openAi = cognitiveAccount(scope, {
  name: 'oai-approvals-e2e',
  kind: 'OpenAI',
  publicNetworkAccess: 'Disabled',
  disableLocalAuth: true,
  principalId: uuid('identity', 'openai'),
});

/** Public network access with a firewall that lets every network in. */
const OPEN_FIREWALL = { defaultAction: 'Allow', ipRules: [], virtualNetworkRules: [] };

const ST = {
  approve: 'stapproveflow01',
  expire: 'stexpireflow01',
  guarded: 'stguardedflow01',
  forged: 'stforgedflow01',
} as const;

const seed: Seed = {
  tenantId: scope.tenantId,
  subscriptions: [{ subscriptionId: scope.subscriptionId, displayName: 'ml-approvals' }],
  resources: [
    logs,
    ...compliantStorage(ST.approve),
    ...compliantStorage(ST.expire),
    ...compliantStorage(ST.guarded),
    ...compliantStorage(ST.forged),
    vault,
    diagnosticSetting(vault.id, 'audit', logs.id, [{ category: 'AuditEvent' }]),
    openAi,
    diagnosticSetting(openAi.id, 'audit', logs.id, [{ category: 'Audit' }]),
  ],
  secrets: [],
};

function storageId(name: string): string {
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Storage/storageAccounts/${name}`;
}

let harness: SimulatorHarness;
let teams: TeamsStandIn;
let host: ApprovalHost;
// Launched while the file loads: without a browser the file fails with that one error.
const browser = await launchChromium();
/** The same function where nothing in front strips client headers (authentication not enforced). */
let openHost: ApprovalHost;
let ward: Ward;
/** How far ward's clock runs ahead of real time (the expiry test moves it). */
let clockOffsetMs = 0;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(LOG_FILE, '');
  [harness, teams, host] = await Promise.all([
    startSimulatorHarness(seed),
    startTeamsStandIn(),
    // The host asks for the use cases on the first request, when ward is built.
    startApprovalHost(() => Promise.resolve(ward.useCases)),
  ]);
  openHost = await startApprovalHost(() => Promise.resolve(ward.useCases), {
    platformAuth: 'not-enforced',
    signIn: host.signIn,
  });
  ward = await createWard({
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    credential: new SimulatorCredential({
      oid: WARD_PRINCIPAL_ID,
      tid: scope.tenantId,
      name: 'ward',
    }),
    tables: { connectionString: inject('azuriteConnectionString') },
    tablePrefix: `e2e${randomBytes(4).toString('hex')}`,
    // Each case follows its own approval card; the window's default budget (5 approval cards)
    // would send the later ones to the digest (test/integration/teams-digest.test.ts).
    policy: policySchema.parse({ teamsNoise: { approvalCards: 50 } }),
    principalId: WARD_PRINCIPAL_ID,
    subscriptions: [scope.subscriptionId],
    approvalBaseUrl: host.origin,
    approvalSignIn: host.signIn.settings,
    csrfKey: randomBytes(32),
    teams: { webhookUrl: teams.webhookUrl },
    now: () => new Date(Date.now() + clockOffsetMs),
    // ward's log is kept with the screenshots, redacted as in production.
    logger: pino(
      { level: 'debug', ...redactingPinoOptions([teams.webhookUrl]) },
      pino.destination({ dest: LOG_FILE, sync: true }),
    ),
    verify: { attempts: 5, delayMs: 20 },
    // Long-running operations poll at the simulator's pace, not Azure's.
    sleep: (ms) =>
      new Promise((resolve) => {
        setTimeout(resolve, Math.min(ms, 25));
      }),
  });
}, 90_000);

afterAll(async () => {
  await ward.close();
  await browser.close();
  await openHost.close();
  await Promise.all([host.close(), teams.close(), harness.stop()]);
});

// ---- the estate, through the real SDK clients ---------------------------------------------

/** The resource as ARM returns it now, read with ward's own clients. */
async function armGet(id: string, type: string): Promise<Record<string, unknown>> {
  const resources = await harness.clients.resources(scope.subscriptionId);
  const body = await resources.resources.getById(id, apiVersionFor(type));
  return body.properties ?? {};
}

/** Alice (not ward) changes a resource, as a data scientist would through the SDK. */
async function aliceChanges(
  id: string,
  type: string,
  body: Record<string, unknown>,
): Promise<void> {
  const resources = await harness.otherClients.resources(scope.subscriptionId);
  await resources.resources.beginUpdateByIdAndWait(id, apiVersionFor(type), body, {
    updateIntervalInMs: 20,
  });
}

/** Writes ward's own principal made to one resource: the simulator raises one event per write. */
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

function wardWriteCount(): number {
  return harness.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID]?.writes ?? 0;
}

/** Hands ward the newest ResourceWriteSuccess the simulator raised for `id`. */
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

// ---- Teams -----------------------------------------------------------------------------------

interface PostedCard {
  text: string;
  openUrls: string[];
}

function cardText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(cardText);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(cardText);
  return [];
}

function posted(): PostedCard[] {
  return teams.messages().flatMap((message) =>
    message.cards.map((card) => {
      const actions = Array.isArray(card.actions)
        ? (card.actions as Record<string, unknown>[])
        : [];
      return {
        text: cardText(card.body).join('\n'),
        openUrls: actions
          .filter((action) => action.type === 'Action.OpenUrl' && typeof action.url === 'string')
          .map((action) => String(action.url)),
      };
    }),
  );
}

/** The approval link of the newest approval-requested card about `resourceId`. */
function approvalLinkFor(resourceId: string): string {
  const card = posted()
    .filter((c) => c.text.includes(resourceId) && c.openUrls.length > 0)
    .at(-1);
  const url = card?.openUrls[0];
  if (!url) throw new Error(`no approval card about ${resourceId} was posted`);
  return url;
}

function approvalIdOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').at(-1) ?? '');
}

async function approvalOf(url: string): Promise<Approval> {
  const approval = await ward.approvals.get(approvalIdOf(url));
  if (!approval) throw new Error(`ward has no approval ${url}`);
  return approval;
}

// ---- the browser -------------------------------------------------------------------------------

async function signedIn(person: TestPrincipal): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
  await context.addCookies([host.sessionCookie(person)]);
  return { context, page: await context.newPage() };
}

async function submit(
  page: Page,
  button: 'Approve and apply the change' | 'Reject',
): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState();
  return response.status();
}

const heading = (page: Page): Promise<string> => page.locator('main h1').innerText();

describe('approval path end to end: simulator, ward, Teams, Chromium', () => {
  it('approve: the card links to the page, the fix is applied once and the outcome is posted', async () => {
    const id = storageId(ST.approve);
    const type = 'Microsoft.Storage/storageAccounts';
    await aliceChanges(id, type, { properties: { allowBlobPublicAccess: true } });
    const cardsBefore = posted().length;
    await deliverLatestWrite(id);

    const requested = posted().slice(cardsBefore);
    expect(requested).toHaveLength(1);
    expect(requested[0]?.text).toContain('storage-blob-public-access-disabled');
    const url = approvalLinkFor(id);
    expect(url.startsWith(`${host.origin}/api/approvals/`)).toBe(true);
    expect(await armGet(id, type)).toMatchObject({ allowBlobPublicAccess: true });
    expect(wardWritesTo(id)).toBe(0);

    // The approver follows the card's button in the Teams channel.
    const { context, page } = await signedIn(APPROVER);
    await page.goto(teams.origin);
    await page.locator(`body[data-rendered="${String(teams.messages().length)}"]`).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/teams-approval-requested.png`, fullPage: true });
    await Promise.all([
      page.waitForURL(url),
      page.locator('.message').last().getByRole('link', { name: 'Approve or reject' }).click(),
    ]);
    expect(await heading(page)).toBe(
      'Approve or reject: Set allowBlobPublicAccess to false on the storage account',
    );
    const main = await page.locator('main').innerText();
    expect(main).toContain('Signed in as Ana Approver');
    expect(main).toContain(id);
    expect(main).toContain('storage-blob-public-access-disabled');
    // Evidence: the property, what it is and what the rule expects.
    const evidence = await page.locator('table tbody tr').first().innerText();
    expect(evidence).toContain('properties.allowBlobPublicAccess');
    expect(evidence).toContain('true');
    // The diff of the plan.
    await expect(page.locator('.diff-path').innerText()).resolves.toBe(
      'properties.allowBlobPublicAccess',
    );
    await expect(page.locator('.diff del').textContent()).resolves.toMatch(/Before: true$/);
    await expect(page.locator('.diff ins').textContent()).resolves.toMatch(/After: false$/);
    // Who made the insecure change, and when the approval expires (policy default: 24 hours).
    expect(main).toContain('alice');
    const approval = await approvalOf(url);
    expect(new Date(approval.expiresAt).getTime() - new Date(approval.createdAt).getTime()).toBe(
      24 * HOUR,
    );
    await expect(page.locator('time').getAttribute('datetime')).resolves.toBe(approval.expiresAt);
    expect(main).toMatch(/\(in (23 hours|1 day)\)/);
    await page.screenshot({ path: `${ARTIFACTS}/approval-page.png`, fullPage: true });

    const csrf = await page.locator('input[name="csrf"]').getAttribute('value');
    const writesBefore = wardWriteCount();
    const cardsBeforeApprove = posted().length;
    expect(await submit(page, 'Approve and apply the change')).toBe(200);
    expect(await heading(page)).toBe('Approved and applied');
    expect(await page.locator('main').innerText()).toContain('Undo with: ward undo ');
    await page.screenshot({ path: `${ARTIFACTS}/approved.png`, fullPage: true });

    // The simulated resource is compliant, re-read through the real SDK client.
    expect(await armGet(id, type)).toMatchObject({ allowBlobPublicAccess: false });
    expect(wardWritesTo(id)).toBe(1);
    // The outcome card went to Teams and names the approver.
    const outcome = posted().slice(cardsBeforeApprove);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]?.text).toContain(id);
    expect(outcome[0]?.text).toContain('Ana Approver');
    expect((await approvalOf(url)).status).toBe('approved');
    const ledger = await ward.ledger.listByResource(id);
    expect(ledger.filter((e) => e.kind === 'action')).toMatchObject([
      {
        outcome: 'succeeded',
        principal: APPROVER.id,
        actionId: 'storage-disable-blob-public-access',
      },
    ]);

    // A replayed POST of the same form: already decided, nothing written again.
    const replay = await page.request.post(url, {
      form: { csrf: csrf ?? '', decision: 'approve', reason: '' },
    });
    expect(replay.status()).toBe(409);
    expect(await replay.text()).toContain('This approval was already approved');
    expect(wardWritesTo(id)).toBe(1);
    expect(wardWriteCount() - writesBefore).toBe(1);
    expect(posted().length).toBe(cardsBeforeApprove + 1);
    await context.close();
  });

  it('reject with a reason: nothing changes and the ledger records the reason', async () => {
    const type = 'Microsoft.KeyVault/vaults';
    await aliceChanges(vault.id, type, {
      properties: { publicNetworkAccess: 'Enabled', networkAcls: OPEN_FIREWALL },
    });
    await deliverLatestWrite(vault.id);
    const url = approvalLinkFor(vault.id);

    const { context, page } = await signedIn(APPROVER);
    await page.goto(url);
    expect(await heading(page)).toContain('Set publicNetworkAccess to Disabled on the vault');
    await page
      .getByLabel(/Reason/)
      .fill('The vendor scanner reaches this vault until the private link is live');
    const cardsBefore = posted().length;
    expect(await submit(page, 'Reject')).toBe(200);
    expect(await heading(page)).toBe('Rejected');
    await page.screenshot({ path: `${ARTIFACTS}/rejected.png`, fullPage: true });

    expect(await armGet(vault.id, type)).toMatchObject({ publicNetworkAccess: 'Enabled' });
    expect(wardWritesTo(vault.id)).toBe(0);
    expect(await approvalOf(url)).toMatchObject({
      status: 'rejected',
      reason: 'The vendor scanner reaches this vault until the private link is live',
      decidedBy: { id: APPROVER.id },
    });
    const decided = (await ward.ledger.listByResource(vault.id)).filter(
      (e) => e.kind === 'approval' && e.principal === APPROVER.id,
    );
    expect(decided).toHaveLength(1);
    expect(decided[0]?.summary).toContain(
      'rejected by Ana Approver: The vendor scanner reaches this vault',
    );
    const after = posted().slice(cardsBefore);
    expect(after).toHaveLength(1);
    expect(after[0]?.text).toContain('Approval rejected: ward changed nothing');
    await context.close();
  });

  it('expired: a page opened in time cannot approve after the expiry', async () => {
    const id = storageId(ST.expire);
    const type = 'Microsoft.Storage/storageAccounts';
    await aliceChanges(id, type, { properties: { allowBlobPublicAccess: true } });
    await deliverLatestWrite(id);
    const url = approvalLinkFor(id);

    const { context, page } = await signedIn(APPROVER);
    await page.goto(url);
    expect(await heading(page)).toContain('Set allowBlobPublicAccess to false');
    clockOffsetMs = 24 * HOUR + 60_000;
    try {
      expect(await submit(page, 'Approve and apply the change')).toBe(410);
      expect(await heading(page)).toBe('This approval has expired');
      expect(await page.locator('main').innerText()).toContain('Nothing was changed.');
      await page.screenshot({ path: `${ARTIFACTS}/expired.png`, fullPage: true });
      const reopened = await page.goto(url);
      expect(reopened?.status()).toBe(410);
    } finally {
      clockOffsetMs = 0;
    }
    expect(await armGet(id, type)).toMatchObject({ allowBlobPublicAccess: true });
    expect(wardWritesTo(id)).toBe(0);
    await context.close();
  });

  it('no sign-in, a principal without the role, a forged principal header and a POST without the CSRF token change nothing', async () => {
    const id = storageId(ST.guarded);
    const type = 'Microsoft.Storage/storageAccounts';
    await aliceChanges(id, type, { properties: { allowBlobPublicAccess: true } });
    await deliverLatestWrite(id);
    const url = approvalLinkFor(id);

    // Nobody signed in: App Service forwards no principal, and ward answers 401.
    const anonymous = await browser.newContext();
    const anonymousPage = await anonymous.newPage();
    expect((await anonymousPage.goto(url))?.status()).toBe(401);
    expect(await heading(anonymousPage)).toBe('Sign in to decide');
    await anonymous.close();

    // Signed in, but without Ward.Approver: 403 on the page, and on a POST.
    const reader = await signedIn(READER);
    const denied = await reader.page.goto(url);
    expect(denied?.status()).toBe(403);
    expect(await heading(reader.page)).toBe('You cannot decide approvals');
    expect(await reader.page.locator('main').innerText()).toContain(
      `You are signed in as ${READER.name}, but you do not hold the app role ${APPROVER_ROLE}.`,
    );
    await reader.page.screenshot({ path: `${ARTIFACTS}/no-role.png`, fullPage: true });
    const readerPost = await reader.page.request.post(url, { form: { decision: 'approve' } });
    expect(readerPost.status()).toBe(403);
    // A client cannot claim the role by sending the header App Service would set.
    const forged = await reader.page.request.get(url, {
      headers: { 'x-ms-client-principal': encodeClientPrincipal(APPROVER) },
    });
    expect(forged.status()).toBe(403);
    await reader.context.close();

    // The approver's form with its CSRF token removed.
    const { context, page } = await signedIn(APPROVER);
    await page.goto(url);
    await page.locator('input[name="csrf"]').evaluate((input: { remove(): void }) => {
      input.remove();
    });
    expect(await submit(page, 'Approve and apply the change')).toBe(403);
    expect(await heading(page)).toBe('The form could not be verified');
    await page.screenshot({ path: `${ARTIFACTS}/no-csrf.png`, fullPage: true });
    await context.close();

    expect(await armGet(id, type)).toMatchObject({ allowBlobPublicAccess: true });
    expect(wardWritesTo(id)).toBe(0);
    expect((await approvalOf(url)).status).toBe('pending');
  });

  it('without enforced platform authentication, forged principals and bad tokens are refused and change nothing', async () => {
    const id = storageId(ST.forged);
    const type = 'Microsoft.Storage/storageAccounts';
    await aliceChanges(id, type, { properties: { allowBlobPublicAccess: true } });
    await deliverLatestWrite(id);
    // Nothing in front of this host strips headers: whatever the browser sends reaches ward.
    const url = approvalLinkFor(id).replace(host.origin, openHost.origin);
    const cardsBefore = posted().length;
    const other = await startTestSignIn({
      tenantId: host.signIn.issuer.tenantId,
      clientId: host.signIn.issuer.clientId,
    });
    const token = (overrides: TokenOverrides = {}, person: TestPrincipal = APPROVER) =>
      host.signIn.issuer.idToken(person, overrides);
    const attempts: { name: string; status: 401 | 403; headers: Record<string, string> }[] = [
      {
        name: 'forged principal header, no token',
        status: 401,
        headers: { 'x-ms-client-principal': encodeClientPrincipal(APPROVER) },
      },
      {
        name: 'token signed by another key',
        status: 401,
        headers: { 'x-ms-token-aad-id-token': await other.issuer.idToken(APPROVER) },
      },
      {
        name: 'token for another tenant',
        status: 401,
        headers: {
          'x-ms-token-aad-id-token': await token({ tenantId: uuid('tenant', 'other') }),
        },
      },
      {
        name: 'token for another audience',
        status: 401,
        headers: { authorization: `Bearer ${await token({ audience: uuid('app', 'other') })}` },
      },
      {
        name: 'expired token',
        status: 401,
        headers: {
          'x-ms-token-aad-id-token': await token({
            issuedAt: new Date(Date.now() - 3 * HOUR),
            lifetimeSeconds: 3600,
          }),
        },
      },
      {
        name: 'token without Ward.Approver, principal header claiming it',
        status: 403,
        headers: {
          'x-ms-token-aad-id-token': await token({}, READER),
          'x-ms-client-principal': encodeClientPrincipal({ ...READER, roles: [APPROVER_ROLE] }),
        },
      },
    ];
    await other.close();
    for (const attempt of attempts) {
      const context = await browser.newContext({ extraHTTPHeaders: attempt.headers });
      const page = await context.newPage();
      const shown = await page.goto(url);
      expect(shown?.status(), attempt.name).toBe(attempt.status);
      expect(await heading(page), attempt.name).toBe(
        attempt.status === 401 ? 'Sign in to decide' : 'You cannot decide approvals',
      );
      const decided = await page.request.post(url, { form: { decision: 'approve', csrf: 'x' } });
      expect(decided.status(), attempt.name).toBe(attempt.status);
      await context.close();
    }
    expect((await approvalOf(url)).status).toBe('pending');
    expect(await armGet(id, type)).toMatchObject({ allowBlobPublicAccess: true });
    expect(wardWritesTo(id)).toBe(0);
    expect(posted().length).toBe(cardsBefore);

    // The same host with a good token for the approver serves the page.
    const good = await browser.newContext({
      extraHTTPHeaders: { 'x-ms-token-aad-id-token': await token() },
    });
    const goodPage = await good.newPage();
    expect((await goodPage.goto(url))?.status()).toBe(200);
    expect(await goodPage.locator('main').innerText()).toContain(APPROVER.name);
    await good.close();
  });

  it('a resource changed after the plan: the page shows the new plan and nothing is executed', async () => {
    const type = 'Microsoft.CognitiveServices/accounts';
    await aliceChanges(openAi.id, type, {
      properties: { publicNetworkAccess: 'Enabled', networkAcls: OPEN_FIREWALL },
    });
    await deliverLatestWrite(openAi.id);
    const url = approvalLinkFor(openAi.id);
    const old = await approvalOf(url);
    expect(old.plannedEtag).toBeDefined();

    const { context, page } = await signedIn(APPROVER);
    await page.goto(url);
    expect(await heading(page)).toContain('Set publicNetworkAccess to Disabled on the account');
    // Someone else changes the account after the plan was made: its etag moves on.
    await aliceChanges(openAi.id, type, { tags: { owner: 'research' } });
    const cardsBefore = posted().length;
    expect(await submit(page, 'Approve and apply the change')).toBe(409);
    expect(await heading(page)).toContain('Approve or reject: Set publicNetworkAccess to Disabled');
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(
      'The resource changed since the plan was made, so nothing was changed.',
    );
    await page.screenshot({ path: `${ARTIFACTS}/changed-after-plan.png`, fullPage: true });

    const superseded = await approvalOf(url);
    expect(superseded.status).toBe('superseded');
    expect(superseded.supersededBy).toBeDefined();
    const action = await page.locator('form').getAttribute('action');
    expect(action).toBe(
      `${host.origin}/api/approvals/${encodeURIComponent(superseded.supersededBy ?? '')}`,
    );
    const replacement = await ward.approvals.get(superseded.supersededBy ?? '');
    expect(replacement?.status).toBe('pending');
    expect(replacement?.plannedEtag).not.toBe(old.plannedEtag);
    expect(replacement?.planHash).not.toBe(old.planHash);

    expect(await armGet(openAi.id, type)).toMatchObject({ publicNetworkAccess: 'Enabled' });
    expect(wardWritesTo(openAi.id)).toBe(0);
    expect(posted().length).toBe(cardsBefore);

    // The new plan, made from the account as it is now, can be approved from that page.
    expect(await submit(page, 'Approve and apply the change')).toBe(200);
    expect(await heading(page)).toBe('Approved and applied');
    expect(await armGet(openAi.id, type)).toMatchObject({ publicNetworkAccess: 'Disabled' });
    expect(wardWritesTo(openAi.id)).toBe(1);
    expect((await ward.approvals.get(replacement?.id ?? ''))?.status).toBe('approved');
    await context.close();
  });

  it('the Teams channel shows every posted card, rendered by the adaptivecards renderer; the log holds no webhook URL', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1200 } });
    await page.goto(teams.origin);
    await page.locator(`body[data-rendered="${String(teams.messages().length)}"]`).waitFor();
    expect(await page.locator('.message .ac-adaptiveCard').count()).toBe(posted().length);
    expect(await page.locator('.message .error').count()).toBe(0);
    const text = await page.locator('#messages').innerText();
    expect(text).toContain(storageId(ST.approve));
    expect(text).toContain('Ana Approver');
    await page.screenshot({ path: `${ARTIFACTS}/teams-channel.png`, fullPage: true });
    await page.close();
    // The webhook URL carries the workflow's signature: it never reaches the log.
    const log = readFileSync(LOG_FILE, 'utf8');
    expect(log).toContain('approval requested');
    expect(log).not.toContain(new URL(teams.webhookUrl).pathname);
  });
});
