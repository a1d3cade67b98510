import { itemName } from '../../src/notify/digest/digest-card';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { functionBundleOptions, functionEntries } from '../../scripts/build-options.mjs';
import { apiVersionFor } from '../../src/azure/api-versions';
import {
  diagnosticSetting,
  logAnalyticsWorkspace,
  storageAccount,
  type Scope,
  type StorageAccountSpec,
} from '../../src/simulator/seed/bodies';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';
import { deterministicUuid } from '../../src/simulator/seed/ids';
import {
  installFunctionsHost,
  type FunctionsHost,
  type RpcTypedData,
} from '../support/functions-host';
import {
  startManagedIdentityEndpoint,
  type ManagedIdentityEndpoint,
} from '../support/managed-identity-endpoint';
import { startTestSignIn, type TestSignIn } from '../support/sign-in';
import {
  startSimulatorHarness,
  WARD_PRINCIPAL_ID,
  type SimulatorHarness,
} from '../support/simulator';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';

const root = resolve(import.meta.dirname, '../..');

/*
 * What Azure runs: the bundles scripts/build.mjs makes from functions/*.ts, built here with the
 * same options into a folder of their own, loaded as the Functions worker loads them, and
 * driven through the registrations they make with @azure/functions. Their settings are app
 * settings as in Azure (WEBSITE_SITE_NAME set): the managed identity comes from the identity
 * endpoint, ARM and Key Vault are the simulator, Tables are Azurite, Teams a receiver.
 */

const uuid = (...parts: string[]): string => deterministicUuid('ward-bundles', ...parts);
const scope: Scope = {
  tenantId: uuid('tenant'),
  subscriptionId: uuid('subscription'),
  resourceGroup: 'rg-bundles',
  location: 'westeurope',
};
const WARD_CLIENT_ID = uuid('identity', 'client');
const APPROVER = { id: uuid('person', 'ana'), name: 'Ana Approver', roles: ['Ward.Approver'] };

const logs = logAnalyticsWorkspace(scope, 'log-bundles', uuid('log-analytics'));
const audit = [{ categoryGroup: 'audit' }];

/** A storage account passing every storage rule, but for what `spec` says otherwise. */
function storage(name: string, spec: Partial<StorageAccountSpec> = {}): SeedResource[] {
  const account = storageAccount(scope, {
    name,
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    publicNetworkAccess: 'Disabled',
    ...spec,
  });
  return [
    account,
    diagnosticSetting(account.id, 'metrics', logs.id, [], ['Transaction']),
    diagnosticSetting(`${account.id}/blobServices/default`, 'audit', logs.id, audit, [
      'Transaction',
    ]),
  ];
}

const ST = {
  /** Compliant until someone lowers its TLS version: the event path fixes it. */
  event: 'stbundleevent01',
  /** Seeded with TLS 1.0 and no event: only the sweep finds it. */
  swept: 'stbundleswept01',
  /** Seeded with anonymous blob access: the sweep asks for approval (approve mode). */
  approval: 'stbundleapprove01',
} as const;

const seed: Seed = {
  tenantId: scope.tenantId,
  subscriptions: [{ subscriptionId: scope.subscriptionId, displayName: 'ml-bundles' }],
  resources: [
    logs,
    ...storage(ST.event),
    ...storage(ST.swept, { minimumTlsVersion: 'TLS1_0' }),
    ...storage(ST.approval, { allowBlobPublicAccess: true }),
  ],
  secrets: [],
};

const STORAGE = 'Microsoft.Storage/storageAccounts';
const storageId = (name: string): string =>
  `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${STORAGE}/${name}`;

let appDir: string;
let host: FunctionsHost;
let harness: SimulatorHarness;
let identity: ManagedIdentityEndpoint;
let teams: TeamsReceiver;
let signIn: TestSignIn;
/** Every dist/functions/*.js the build made: what the host's glob loads. */
let bundles: string[];

beforeAll(async () => {
  // Under node_modules the test runner leaves the bundles alone: Node loads them natively, as
  // the worker does, instead of the runner transforming them.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  appDir = mkdtempSync(join(cache, 'ward-bundles-'));
  const outdir = join(appDir, 'dist', 'functions');
  const [built, h, i, t, s] = await Promise.all([
    build({
      ...functionBundleOptions(root, functionEntries(root), outdir),
      logLevel: 'silent',
    }),
    startSimulatorHarness(seed),
    startManagedIdentityEndpoint({
      clientId: WARD_CLIENT_ID,
      principalId: WARD_PRINCIPAL_ID,
      tenantId: scope.tenantId,
    }),
    startTeamsReceiver(),
    startTestSignIn(),
  ]);
  expect(built.errors).toEqual([]);
  [harness, identity, teams, signIn] = [h, i, t, s];
  bundles = readdirSync(outdir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => join(outdir, file));

  const caFile = join(appDir, 'simulator-ca.pem');
  writeFileSync(caFile, harness.sim.ca);
  const settings: Record<string, string> = {
    // App Service's own settings: ward runs "in Azure", with its user-assigned identity.
    WEBSITE_SITE_NAME: 'ward-bundles',
    WEBSITE_HOSTNAME: 'ward-bundles.azurewebsites.net',
    ...identity.env,
    AZURE_CLIENT_ID: WARD_CLIENT_ID,
    WARD_PRINCIPAL_ID,
    WARD_SUBSCRIPTIONS: scope.subscriptionId,
    WARD_ARM_ENDPOINT: harness.sim.armUrl,
    WARD_CA_FILE: caFile,
    WARD_STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
    WARD_TEAMS_WEBHOOK_URL: teams.url('sig-bundles'),
    WARD_APPROVAL_CSRF_KEY: Buffer.alloc(32, 9).toString('base64'),
    WARD_APPROVAL_TENANT_ID: signIn.issuer.tenantId,
    WARD_APPROVAL_CLIENT_ID: signIn.issuer.clientId,
    WARD_APPROVAL_JWKS_URL: signIn.jwksUrl,
    WARD_LOG_LEVEL: 'warn',
  };
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);

  host = installFunctionsHost(appDir);
  for (const bundle of bundles) await import(pathToFileURL(bundle).href);
}, 180_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([harness.stop(), identity.close(), teams.close(), signIn.close()]);
  rmSync(appDir, { recursive: true, force: true });
});

// ---- helpers ---------------------------------------------------------------------------------

async function armGet(name: string): Promise<Record<string, unknown>> {
  const resources = await harness.clients.resources(scope.subscriptionId);
  const body = await resources.resources.getById(storageId(name), apiVersionFor(STORAGE));
  return body.properties ?? {};
}

/** Someone (not ward) changes a storage account through ARM. */
async function aliceChanges(name: string, properties: Record<string, unknown>): Promise<void> {
  const resources = await harness.otherClients.resources(scope.subscriptionId);
  await resources.resources.beginUpdateByIdAndWait(
    storageId(name),
    apiVersionFor(STORAGE),
    { properties },
    { updateIntervalInMs: 20 },
  );
}

/** Writes the simulator counted for ward's identity (the managed identity's tokens). */
function wardWrites(): number {
  const counts = harness.sim.counters.snapshot().byPrincipal[WARD_PRINCIPAL_ID];
  return (counts?.writes ?? 0) + (counts?.actions ?? 0);
}

const timerTick = (): RpcTypedData => ({
  json: JSON.stringify({ Schedule: { AdjustForDST: true }, IsPastDue: false }),
});

interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The approval function as the host calls it over RPC: request in, RPC http response out. */
async function approvalRequest(
  method: 'GET' | 'POST',
  approvalId: string,
  headers: Record<string, string>,
  form?: Record<string, string>,
): Promise<HttpAnswer> {
  const url = `https://ward-bundles.azurewebsites.net/api/approvals/${approvalId}`;
  const returned = await host.invoke('approval', {
    http: {
      method,
      url,
      headers: {
        ...headers,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      query: {},
      params: { id: approvalId },
      ...(form ? { body: { string: new URLSearchParams(form).toString() } } : {}),
    },
  });
  const http = returned?.http;
  if (!http) throw new Error('the approval function returned no http response');
  const bytes = http.body?.bytes;
  return {
    status: Number(http.statusCode),
    headers: http.headers ?? {},
    body: bytes ? Buffer.from(bytes).toString('utf8') : (http.body?.string ?? ''),
  };
}

/** The approval ids in the Teams cards received so far, by the resource they are about. */
/** The approval link posted for a resource: on its own card, or after its line in a digest. */
function approvalIdFor(name: string): string | undefined {
  const shown = itemName(storageId(name));
  for (const post of teams.posts) {
    const at = post.body.indexOf(shown);
    if (at < 0) continue;
    const id = /\/api\/approvals\/([A-Za-z0-9_-]{16,})/.exec(post.body.slice(at))?.[1];
    if (id) return id;
  }
  return undefined;
}

// ---- tests -------------------------------------------------------------------------------------

describe('the built function bundles, loaded as Azure loads them', () => {
  it('bundles every functions/*.ts and registers each trigger with its options', () => {
    expect(bundles.map((file) => basename(file, '.js'))).toEqual(
      functionEntries(root).map((entry) => basename(entry, '.ts')),
    );
    expect(functionEntries(root)).toContain(join('functions', 'outbox-redeliver.ts'));
    expect([...host.registrations.keys()].sort()).toEqual([
      'approval',
      'approvalsQueue',
      'keyVaultSecretEvents',
      'outbox-redeliver',
      'resourceChanges',
      'sweep',
    ]);
    // One programming model per loaded copy of @azure/functions: the bundles share one chunk.
    expect(host.models.length).toBeGreaterThanOrEqual(1);
    expect(host.trigger('resourceChanges')).toMatchObject({
      type: 'eventGridTrigger',
      direction: 'in',
    });
    expect(host.trigger('keyVaultSecretEvents')).toMatchObject({ type: 'eventGridTrigger' });
    expect(host.trigger('sweep')).toMatchObject({
      type: 'timerTrigger',
      schedule: '0 */30 * * * *',
      runOnStartup: false,
    });
    expect(host.trigger('outbox-redeliver')).toMatchObject({
      type: 'timerTrigger',
      schedule: '30 */5 * * * *',
      runOnStartup: false,
    });
    expect(host.trigger('approval')).toMatchObject({
      type: 'httpTrigger',
      route: 'approvals/{id}',
      methods: ['GET', 'POST'],
      authLevel: 'anonymous',
    });
    expect(host.trigger('approvalsQueue')).toMatchObject({
      type: 'httpTrigger',
      route: 'approvals',
      methods: ['GET', 'POST'],
      authLevel: 'anonymous',
    });
    const approvalBindings = Object.values(
      host.registrations.get('approval')?.metadata.bindings ?? {},
    );
    expect(approvalBindings).toContainEqual(
      expect.objectContaining({ type: 'http', direction: 'out' }),
    );
  });

  it('an Event Grid event through the bundled resourceChanges: fixed and verified with the managed identity', async () => {
    await aliceChanges(ST.event, { minimumTlsVersion: 'TLS1_0' });
    const event = harness.sim.events
      .history()
      .filter(
        (e) =>
          e.eventType === 'Microsoft.Resources.ResourceWriteSuccess' &&
          String(e.data.resourceUri).toLowerCase() === storageId(ST.event).toLowerCase(),
      )
      .at(-1);
    expect(event).toBeDefined();
    const before = wardWrites();
    await host.invoke('resourceChanges', { json: JSON.stringify(event) });
    expect(await armGet(ST.event)).toMatchObject({ minimumTlsVersion: 'TLS1_2' });
    expect(wardWrites()).toBe(before + 1);
    // The token came from the identity endpoint, for ARM.
    expect(identity.requested()).toContain('https://management.azure.com');
    const applied = teams.posts.filter((post) => post.body.includes(storageId(ST.event)));
    expect(applied.map((post) => post.body).join('\n')).toContain('TLS1_2');
    expect(host.logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('the bundled sweep timer finds through Resource Graph what no event reported; Teams down keeps cards in the outbox', async () => {
    // Teams asks for a wait longer than ward will give: every card goes to the outbox.
    teams.setScript(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const postsBefore = teams.posts.length;
    await host.invoke('sweep', timerTick());
    expect(await armGet(ST.swept)).toMatchObject({ minimumTlsVersion: 'TLS1_2' });
    // Anonymous blob access is an approve-mode rule: asked, not changed.
    expect(await armGet(ST.approval)).toMatchObject({ allowBlobPublicAccess: true });
    expect(teams.posts.length).toBeGreaterThan(postsBefore);
    expect(approvalIdFor(ST.approval)).toBeDefined();
    expect(host.logs.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('the bundled outbox timer delivers the kept cards once Teams is back', async () => {
    teams.setScript(() => ({ status: 202 }));
    const postsBefore = teams.posts.length;
    await host.invoke('outbox-redeliver', timerTick());
    const delivered = teams.posts.slice(postsBefore);
    // The sweep's digest names the fixed account and the one waiting for approval.
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    const named = (id: string) => delivered.some((post) => post.body.includes(itemName(id)));
    expect(named(storageId(ST.swept))).toBe(true);
    expect(named(storageId(ST.approval))).toBe(true);
    // Nothing is left: a second run delivers nothing more.
    const again = teams.posts.length;
    await host.invoke('outbox-redeliver', timerTick());
    expect(teams.posts.length).toBe(again);
    expect(host.logs.filter((line) => line.level === 'warning')).toEqual([]);
  });

  it('the bundled approval function refuses a forged principal and applies an approval signed in with a verified token', async () => {
    const approvalId = approvalIdFor(ST.approval);
    if (!approvalId) throw new Error('no approval was requested for the anonymous-access account');
    const writes = wardWrites();

    // No token, only the header App Service would set: refused, nothing changes.
    const good = await signIn.headersFor(APPROVER);
    const forged = { 'x-ms-client-principal': good['x-ms-client-principal'] ?? '' };
    expect((await approvalRequest('GET', approvalId, forged)).status).toBe(401);
    expect(
      (await approvalRequest('POST', approvalId, forged, { decision: 'approve', csrf: 'x' }))
        .status,
    ).toBe(401);
    expect(wardWrites()).toBe(writes);

    const page = await approvalRequest('GET', approvalId, good);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(APPROVER.name);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1];
    expect(csrf).toBeDefined();
    const decided = await approvalRequest('POST', approvalId, good, {
      csrf: csrf ?? '',
      decision: 'approve',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toContain('Approved and applied');
    expect(await armGet(ST.approval)).toMatchObject({ allowBlobPublicAccess: false });
    expect(wardWrites()).toBe(writes + 1);
  });
});
