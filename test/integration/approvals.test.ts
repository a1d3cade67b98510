import { afterEach, describe, expect, it } from 'vitest';
import { UndoError } from '../../src/app/create-ward';
import type { ApprovalHttpResponse } from '../../src/app/ports';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { makeApprovalHandler } from '../../functions/approval';
import type { ChangeSignal } from '../../src/domain';
import { apiVersionFor } from '../../src/azure/api-versions';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { cognitiveAccount } from '../../src/simulator/seed/bodies';
import { aliceCredential, startWardHarness, type WardHarness } from './harness';
import { SCOPE, SUB, keyVault, smallSeed, storageAccount } from './estate';

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };
const APPROVER = { id: 'd0d0d0d0-0000-4000-8000-0000000000dd', name: 'dana@contoso.example' };

const PUBLIC_BLOBS = storageAccount(SCOPE, {
  name: 'stitpublic01',
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: true,
  allowSharedKeyAccess: false,
  publicNetworkAccess: 'Disabled',
});

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const signal = (resourceId: string, eventId: string): ChangeSignal => ({
  eventId,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  source: 'eventgrid',
  resourceId,
  subscriptionId: SUB,
  eventTime: new Date().toISOString(),
});

/** What App Service authentication forwards for the approver: principal and signed id token. */
function headers(harness: WardHarness): Promise<Record<string, string>> {
  return harness.signIn.headersFor({ ...APPROVER, roles: ['Ward.Approver'] });
}

/** The approval trigger exactly as the Functions host calls it (real HttpRequest and context). */
async function http(
  harness: WardHarness,
  approvalId: string,
  method: 'GET' | 'POST',
  form?: Record<string, string>,
): Promise<ApprovalHttpResponse> {
  const handler = makeApprovalHandler(() => Promise.resolve(harness.ward.useCases));
  const url = `https://ward.example.test/api/approvals/${approvalId}`;
  const response = await handler(
    new HttpRequest({
      method,
      url,
      params: { id: approvalId },
      headers: {
        ...(await headers(harness)),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: { string: new URLSearchParams(form).toString() } } : {}),
    }),
    new InvocationContext({ invocationId: `inv-${method}`, functionName: 'approval' }),
  );
  return { status: response.status, body: await response.text() };
}

async function page(harness: WardHarness, approvalId: string): Promise<ApprovalHttpResponse> {
  return http(harness, approvalId, 'GET');
}

async function decide(
  harness: WardHarness,
  approvalId: string,
  form: Record<string, string>,
): Promise<ApprovalHttpResponse> {
  const shown = await page(harness, approvalId);
  const csrf = /name="csrf" value="([^"]+)"/.exec(shown.body ?? '')?.[1];
  if (!csrf) throw new Error(`no CSRF token on the page (status ${shown.status})`);
  return http(harness, approvalId, 'POST', { csrf, ...form });
}

async function requestedApproval(harness: WardHarness): Promise<string> {
  const entry = (await harness.ward.ledger.listAll()).find(
    (e) => e.kind === 'approval' && e.outcome === 'pending',
  );
  const { approvalId } = JSON.parse(entry?.after ?? '{}') as { approvalId?: string };
  if (!approvalId) throw new Error('no approval was requested');
  return approvalId;
}

function blobAccess(harness: WardHarness): unknown {
  return harness.sim.state.get(PUBLIC_BLOBS.id)?.properties?.allowBlobPublicAccess;
}

describe('approvals through the approval use case', () => {
  it('approve: re-reads, applies the approved plan, records it and posts the outcome', async () => {
    h = await startWardHarness({ seed: smallSeed({ resources: [PUBLIC_BLOBS] }), policy: QUIET });
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-approve'));
    expect(h.wardWrites()).toBe(0);
    const approvalId = await requestedApproval(h);

    const response = await decide(h, approvalId, { decision: 'approve', reason: 'agreed' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Approved and applied');
    expect(blobAccess(h)).toBe(false);
    expect(h.wardWrites()).toBe(1);

    const entries = await h.ward.ledger.listAll();
    const action = entries.find((e) => e.kind === 'action');
    expect(action).toMatchObject({
      outcome: 'succeeded',
      principal: APPROVER.id,
      actionId: 'storage-disable-blob-public-access',
    });
    expect(response.body).toContain(`ward undo ${action?.id ?? ''}`);
    expect(
      entries.some((e) => e.kind === 'approval' && e.summary?.includes('approved by dana')),
    ).toBe(true);
    expect((await h.ward.approvals.get(approvalId))?.status).toBe('approved');
    expect(h.cards().some((card) => card.text.includes(`ward undo ${action?.id ?? ''}`))).toBe(
      true,
    );

    // A replayed form changes nothing more.
    const replay = await page(h, approvalId);
    expect(replay.status).toBe(409);
    expect(h.wardWrites()).toBe(1);
  });

  it('reject with an exemption: nothing changes and later events only record', async () => {
    h = await startWardHarness({ seed: smallSeed({ resources: [PUBLIC_BLOBS] }), policy: QUIET });
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-reject'));
    const approvalId = await requestedApproval(h);
    const response = await decide(h, approvalId, {
      decision: 'reject',
      reason: 'public site assets',
      exemptionDays: '30',
    });
    expect(response.status).toBe(200);
    expect(await h.ward.exemptions.listActive(new Date())).toMatchObject([
      {
        ruleId: 'storage-blob-public-access-disabled',
        scope: PUBLIC_BLOBS.id,
        createdBy: APPROVER.name,
      },
    ]);
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-after-reject'));
    const decisions = (await h.ward.ledger.listAll()).filter(
      (e) => e.kind === 'decision' && e.ruleId === 'storage-blob-public-access-disabled',
    );
    expect(decisions.at(-1)?.verb).toBe('record');
    expect(blobAccess(h)).toBe(true);
    expect(h.wardWrites()).toBe(0);
  });

  it("a secret in a protected vault: approval asked, rejection exempts that secret's ARM id only", async () => {
    const vault = keyVault(SCOPE, {
      name: 'kv-it-protected',
      purgeProtection: true,
      rbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      accessPolicyObjectId: '33333333-3333-4333-8333-333333333333',
    });
    h = await startWardHarness({
      seed: smallSeed({
        resources: [vault],
        secrets: [
          { vault: vault.name, name: 'kept-open', attributes: { enabled: true } },
          { vault: vault.name, name: 'other', attributes: { enabled: true } },
        ],
      }),
      policy: { ...QUIET, guardrails: { protectedScopes: [vault.id] } },
    });
    const vaultUri = String(h.sim.state.get(vault.id)?.properties?.vaultUri).replace(/\/$/, '');
    const secretSignal = (name: string, eventId: string): ChangeSignal => ({
      eventId,
      eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
      source: 'keyvault',
      resourceId: `${vaultUri}/secrets/${name}`,
      eventTime: new Date().toISOString(),
    });
    await h.handle(secretSignal('kept-open', 'kv-1'));
    expect(h.wardWrites()).toBe(0);
    const response = await decide(h, await requestedApproval(h), {
      decision: 'reject',
      reason: 'rotated by the partner',
      exemptionDays: '30',
    });
    expect(response.status).toBe(200);
    expect((await h.ward.exemptions.listActive(new Date()))[0]?.scope).toBe(
      `${vault.id}/secrets/kept-open`,
    );

    await h.handle(secretSignal('kept-open', 'kv-2'));
    await h.handle(secretSignal('other', 'kv-3'));
    const decisions = (await h.ward.ledger.listAll()).filter(
      (e) => e.kind === 'decision' && e.ruleId === 'keyvault-secret-expiry-set',
    );
    expect(decisions.map((d) => [d.resourceId?.split('/').pop(), d.verb])).toEqual([
      ['kept-open', 'request-approval'],
      ['kept-open', 'record'],
      ['other', 'request-approval'],
    ]);
    expect(h.wardWrites()).toBe(0);
  });

  it('is not served without sign-in verification configured', async () => {
    h = await startWardHarness({
      seed: smallSeed({ resources: [PUBLIC_BLOBS] }),
      policy: QUIET,
      ward: { approvalSignIn: undefined },
    });
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-noauth'));
    const response = await page(h, await requestedApproval(h));
    expect(response.status).toBe(503);
    expect(h.wardWrites()).toBe(0);
  });

  it('an irreversible fix (purge protection) is applied on approval and refused by undo', async () => {
    const vault = keyVault(SCOPE, {
      name: 'kv-it-purge',
      purgeProtection: false,
      rbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      accessPolicyObjectId: '33333333-3333-4333-8333-333333333333',
    });
    h = await startWardHarness({ seed: smallSeed({ resources: [vault] }), policy: QUIET });
    await h.handle(signal(vault.id, 'evt-purge'));
    const response = await decide(h, await requestedApproval(h), { decision: 'approve' });
    expect(response.status).toBe(200);
    const purge = () => h?.sim.state.get(vault.id)?.properties?.enablePurgeProtection;
    expect(purge()).toBe(true);
    const action = (await h.ward.ledger.listAll()).find((e) => e.kind === 'action');
    const error: unknown = await h.ward
      .undo(action?.id ?? '', 'dana')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UndoError);
    expect((error as UndoError).code).toBe('undo-not-reversible');
    expect(purge()).toBe(true);
  });
});

describe('an approval superseded because the resource changed after the plan', () => {
  it('the next event finds the replacement pending and does not ask a third time', async () => {
    const account = cognitiveAccount(SCOPE, {
      name: 'oai-it-01',
      kind: 'OpenAI',
      publicNetworkAccess: 'Enabled',
      disableLocalAuth: true,
      principalId: 'c1c1c1c1-0000-4000-8000-0000000000c1',
    });
    h = await startWardHarness({ seed: smallSeed({ resources: [account] }), policy: QUIET });
    await h.handle(signal(account.id, 'evt-plan'));
    const first = await requestedApproval(h);

    // Someone tags the account after the plan: its etag moves on, so approving supersedes.
    const alice = createAzureClients({
      credential: aliceCredential(h.sim.seed),
      armEndpoint: h.sim.armUrl,
      ca: h.sim.ca,
      throttle: new ThrottleBuckets(),
      subscriptionId: SUB,
    });
    const client = await alice.resources(SUB);
    await client.resources.beginUpdateByIdAndWait(
      account.id.slice(1),
      apiVersionFor('Microsoft.CognitiveServices/accounts'),
      { tags: { owner: 'research' } },
    );
    const response = await decide(h, first, { decision: 'approve' });
    expect(response.status).toBe(409);
    const superseded = await h.ward.approvals.get(first);
    expect(superseded?.status).toBe('superseded');
    const replacement = superseded?.supersededBy ?? '';
    expect((await h.ward.approvals.get(replacement))?.status).toBe('pending');
    const cards = h.teams.posts.length;

    await h.handle(signal(account.id, 'evt-after-supersede'));
    const entries = await h.ward.ledger.listAll();
    expect(entries.filter((e) => e.kind === 'approval' && e.outcome === 'pending')).toHaveLength(1);
    expect(
      entries.some(
        (e) =>
          e.kind === 'approval' &&
          e.outcome === 'skipped' &&
          e.summary?.includes(`Approval ${replacement} for this plan is still pending`),
      ),
    ).toBe(true);
    expect(h.teams.posts.length).toBe(cards);
    expect(h.wardWrites()).toBe(0);
  });
});

describe('approved changes and the change budget', () => {
  const BUDGET = { maxChanges: 1, maxChangesPerSubscription: 1, windowMinutes: 60 };
  const used = async (harness: WardHarness): Promise<number> =>
    (
      await harness.ward.guardrails.current({
        subscriptionId: SUB,
        now: new Date(),
        budget: BUDGET,
      })
    ).used;

  it('an approved change counts against the budget', async () => {
    h = await startWardHarness({
      seed: smallSeed({ resources: [PUBLIC_BLOBS] }),
      policy: { ...QUIET, guardrails: { budget: BUDGET } },
    });
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-budget'));
    expect(await used(h)).toBe(0);
    const response = await decide(h, await requestedApproval(h), { decision: 'approve' });
    expect(response.status).toBe(200);
    expect(blobAccess(h)).toBe(false);
    expect(await used(h)).toBe(1);
  });

  it('with the budget spent an approval is still carried out, recorded beyond the budget and alerted', async () => {
    h = await startWardHarness({
      seed: smallSeed({ resources: [PUBLIC_BLOBS] }),
      policy: { ...QUIET, guardrails: { budget: BUDGET } },
    });
    await h.handle(signal(PUBLIC_BLOBS.id, 'evt-spent'));
    const approvalId = await requestedApproval(h);
    const spent = await h.ward.guardrails.tryConsume({
      subscriptionId: SUB,
      now: new Date(),
      budget: BUDGET,
    });
    expect(spent.allowed).toBe(true);

    const response = await decide(h, approvalId, { decision: 'approve' });
    expect(response.status).toBe(200);
    expect(blobAccess(h)).toBe(false);
    expect(h.wardWrites()).toBe(1);
    const entries = await h.ward.ledger.listAll();
    const action = entries.find((e) => e.kind === 'action');
    expect(action?.outcome).toBe('succeeded');
    expect(action?.summary).toContain('beyond the change budget');
    expect(action?.reasons?.map((r) => r.code)).toEqual(['budget-exhausted']);
    const alert = entries.find((e) => e.kind === 'alert' && e.relatedId === action?.id);
    expect(alert?.summary).toMatch(/^budget-tripped: /);
    expect(alert?.summary).toContain('approved');
  });
});
