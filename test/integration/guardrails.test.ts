import { afterEach, describe, expect, inject, it } from 'vitest';
import type { PolicyInput } from '../../src/config/policy';
import type { LedgerEntry } from '../../src/store';
import { createCollision, writeTo } from '../support/collision';
import { startWardHarness, type WardHarness } from './harness';
import { RG, SUB, STORAGE, SCOPE, smallSeed, storageAccount } from './estate';

/** Only storage-min-tls-1-2 (auto) fails on STORAGE; the diagnostics rule is off so it stays the one change. */
const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' } } } satisfies PolicyInput;

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function run(
  policy: PolicyInput,
  seed = smallSeed(),
): Promise<{ h: WardHarness; entries: LedgerEntry[] }> {
  h = await startWardHarness({ seed, policy: { ...QUIET, ...policy } });
  await h.handle({
    eventId: 'evt-1',
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    source: 'eventgrid',
    resourceId: STORAGE.id,
    subscriptionId: SUB,
    eventTime: new Date().toISOString(),
  });
  return { h, entries: await h.ward.ledger.listAll() };
}

function tlsDecision(entries: LedgerEntry[]): LedgerEntry | undefined {
  return entries.find(
    (entry) => entry.kind === 'decision' && entry.ruleId === 'storage-min-tls-1-2',
  );
}

function tlsNow(harness: WardHarness, id = STORAGE.id): unknown {
  return harness.sim.state.get(id)?.properties?.minimumTlsVersion;
}

describe('what stops ward from writing', () => {
  it('baseline: the same estate and event without a guardrail gets fixed', async () => {
    const { h, entries } = await run({});
    expect(h.wardWrites()).toBe(1);
    expect(tlsNow(h)).toBe('TLS1_2');
    expect(entries.filter((e) => e.kind === 'action' && e.outcome === 'succeeded')).toHaveLength(1);
  });

  it('a rule that cannot judge (error) records, alerts and changes nothing', async () => {
    const unreadable = {
      ...STORAGE,
      properties: { ...STORAGE.properties, minimumTlsVersion: 12 },
    };
    const { h, entries } = await run({}, { ...smallSeed(), resources: [unreadable] });
    expect(h.wardWrites()).toBe(0);
    const decision = tlsDecision(entries);
    expect(decision).toMatchObject({ outcome: 'failed', verb: 'none' });
    expect(entries.some((e) => e.kind === 'alert' && e.relatedId === decision?.id)).toBe(true);
    expect(h.ward.counters().errors).toBe(1);
  });

  it('dry run: records the decision and the plan, writes nothing', async () => {
    const { h, entries } = await run({ dryRun: true });
    expect(h.wardWrites()).toBe(0);
    expect(tlsNow(h)).toBe('TLS1_0');
    const decision = tlsDecision(entries);
    expect(decision).toMatchObject({ verb: 'remediate', dryRun: true, outcome: 'skipped' });
    expect(decision?.summary).toMatch(/^Dry run: would Set minimumTlsVersion to TLS1_2/);
    expect(JSON.parse(decision?.after ?? '{}')).toMatchObject({
      plan: {
        changes: [{ path: 'properties.minimumTlsVersion', before: 'TLS1_0', after: 'TLS1_2' }],
      },
    });
    expect(entries.filter((e) => e.kind === 'action' || e.kind === 'approval')).toEqual([]);
    expect(h.teams.posts).toHaveLength(0);
  });

  it('audit mode: records, writes nothing', async () => {
    const { h, entries } = await run({
      rules: { ...QUIET.rules, 'storage-min-tls-1-2': { mode: 'audit' } },
    });
    expect(h.wardWrites()).toBe(0);
    expect(tlsDecision(entries)).toMatchObject({ verb: 'record', mode: 'audit' });
  });

  it('an exemption tag on the resource: records why, writes nothing', async () => {
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const tagged = {
      ...STORAGE,
      tags: { 'ward-exempt': 'storage-min-tls-1-2', 'ward-exempt-until': until },
    };
    const seed = { ...smallSeed(), resources: [tagged] };
    const { h, entries } = await run({ tagExemptions: { enabled: true } }, seed);
    expect(h.wardWrites()).toBe(0);
    const decision = tlsDecision(entries);
    expect(decision?.verb).toBe('record');
    expect(decision?.reasons?.map((r) => r.code)).toContain('exempt-tag');
  });

  it('an exemption record in the store: records why, writes nothing', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    await h.ward.exemptions.add({
      ruleId: 'storage-min-tls-1-2',
      scope: `/subscriptions/${SUB}/resourceGroups/${RG}`,
      reason: 'legacy client until migration',
      expires: new Date(Date.now() + 86_400_000).toISOString(),
      createdBy: 'dana',
    });
    await h.handle({
      eventId: 'evt-1',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      source: 'eventgrid',
      resourceId: STORAGE.id,
      eventTime: new Date().toISOString(),
    });
    expect(h.wardWrites()).toBe(0);
    const decision = tlsDecision(await h.ward.ledger.listAll());
    expect(decision?.reasons?.find((r) => r.code === 'exempt-record')?.text).toContain(
      'legacy client',
    );
  });

  it('a protected scope: asks for approval in Teams instead, writes nothing', async () => {
    const { h, entries } = await run({
      guardrails: { protectedScopes: [`/subscriptions/${SUB}`] },
    });
    expect(h.wardWrites()).toBe(0);
    expect(tlsDecision(entries)).toMatchObject({ verb: 'request-approval', mode: 'approve' });
    const approval = entries.find((e) => e.kind === 'approval');
    expect(approval?.outcome).toBe('pending');
    const { approvalId } = JSON.parse(approval?.after ?? '{}') as { approvalId: string };
    const stored = await h.ward.approvals.get(approvalId);
    expect(stored).toMatchObject({ status: 'pending', resourceId: STORAGE.id });
    const posted = h.teams.posts.map((post) => post.body);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain(`https://ward.example.test/api/approvals/${approvalId}`);
    expect(h.cards()[0]?.text).toContain('properties.minimumTlsVersion');
  });

  it('an exhausted change budget: alerts, asks for approval, writes nothing', async () => {
    h = await startWardHarness({
      seed: smallSeed(),
      policy: { ...QUIET, guardrails: { budget: { maxChanges: 1, maxChangesPerSubscription: 1 } } },
    });
    const budget = { maxChanges: 1, maxChangesPerSubscription: 1, windowMinutes: 60 };
    expect(
      (await h.ward.guardrails.tryConsume({ subscriptionId: SUB, now: new Date(), budget }))
        .allowed,
    ).toBe(true);
    await h.handle({
      eventId: 'evt-1',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      source: 'eventgrid',
      resourceId: STORAGE.id,
      eventTime: new Date().toISOString(),
    });
    expect(h.wardWrites()).toBe(0);
    const entries = await h.ward.ledger.listAll();
    expect(tlsDecision(entries)?.reasons?.map((r) => r.code)).toContain('budget-exhausted');
    expect(entries.some((e) => e.kind === 'approval' && e.outcome === 'pending')).toBe(true);
    expect(
      entries.filter((e) => e.kind === 'alert' && e.summary?.startsWith('budget-tripped')),
    ).toHaveLength(1);
    expect(h.cards().map((c) => c.title)).toContain(
      'Change budget exhausted: ward stopped changing resources',
    );
  });

  it('an auto fix that cannot apply here counts nothing against the budget', async () => {
    // No Log Analytics workspace is configured: the diagnostic setting cannot be planned.
    const budget = { maxChanges: 5, maxChangesPerSubscription: 5, windowMinutes: 60 };
    h = await startWardHarness({
      seed: smallSeed(),
      policy: {
        rules: { 'storage-min-tls-1-2': { mode: 'off' } },
        guardrails: { budget },
      },
    });
    await h.handle({
      eventId: 'evt-na',
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      source: 'eventgrid',
      resourceId: STORAGE.id,
      eventTime: new Date().toISOString(),
    });
    const entries = await h.ward.ledger.listAll();
    const decision = entries.find(
      (e) => e.kind === 'decision' && e.ruleId === 'diagnostic-settings-enabled',
    );
    expect(decision?.verb).toBe('remediate');
    expect(await h.ward.tickets.listOpen()).toMatchObject([
      { ruleId: 'diagnostic-settings-enabled' },
    ]);
    expect(h.wardWrites()).toBe(0);
    const state = await h.ward.guardrails.current({ subscriptionId: SUB, now: new Date(), budget });
    expect(state.used).toBe(0);
  });

  it('flapping: after the threshold of fixes something keeps undoing, a ticket and an alert replace the fix', async () => {
    h = await startWardHarness({
      seed: smallSeed(),
      policy: { ...QUIET, guardrails: { flap: { threshold: 2, windowMinutes: 60 } } },
    });
    const undoneBySomeone = () => {
      const body = h?.sim.state.get(STORAGE.id);
      if (body)
        h?.sim.state.put({
          ...body,
          properties: { ...body.properties, minimumTlsVersion: 'TLS1_0' },
        });
    };
    for (const eventId of ['flap-1', 'flap-2', 'flap-3']) {
      await h.handle({
        eventId,
        eventType: 'Microsoft.Resources.ResourceWriteSuccess',
        source: 'eventgrid',
        resourceId: STORAGE.id,
        eventTime: new Date().toISOString(),
      });
      undoneBySomeone();
    }
    expect(h.wardWrites()).toBe(2);
    const entries = await h.ward.ledger.listAll();
    const decisions = entries.filter(
      (e) => e.kind === 'decision' && e.ruleId === 'storage-min-tls-1-2',
    );
    expect(decisions.map((d) => d.verb)).toEqual(['remediate', 'remediate', 'open-ticket']);
    expect(decisions[2]?.reasons?.map((r) => r.code)).toContain('flapping');
    expect(await h.ward.tickets.listOpen()).toMatchObject([{ ruleId: 'storage-min-tls-1-2' }]);
    expect(h.cards().map((c) => c.title)).toContain('Flapping: something keeps undoing a fix');
  });

  it('two changes racing for the last budget slot: one is made, the other becomes an approval with an alert', async () => {
    const second = storageAccount(SCOPE, {
      name: 'stitlegacy02',
      minimumTlsVersion: 'TLS1_0',
      allowBlobPublicAccess: false,
      allowSharedKeyAccess: false,
      publicNetworkAccess: 'Disabled',
    });
    // Each change's budget transaction waits until the other has sent its own.
    const collision = createCollision(['first', 'second'], writeTo('WardBudget', ['BATCH']));
    h = await startWardHarness({
      seed: smallSeed({ resources: [second] }),
      policy: { ...QUIET, guardrails: { budget: { maxChanges: 1, maxChangesPerSubscription: 1 } } },
      ward: {
        tables: {
          connectionString: inject('azuriteConnectionString'),
          clientOptions: collision.clientOptions,
        },
      },
    });
    const signal = (id: string, eventId: string) => ({
      eventId,
      eventType: 'Microsoft.Resources.ResourceWriteSuccess',
      source: 'eventgrid' as const,
      resourceId: id,
      eventTime: new Date().toISOString(),
    });
    const harness = h;
    await Promise.all([
      collision.as('first', () => harness.handle(signal(STORAGE.id, 'a'))),
      collision.as('second', () => harness.handle(signal(second.id, 'b'))),
    ]);
    // Both read an unspent budget and counted together: the transaction, not the order, decided.
    expect(collision.arrived().sort()).toEqual(['first', 'second']);
    const winner = tlsNow(h) === 'TLS1_2' ? 'first' : 'second';
    const loser = winner === 'first' ? 'second' : 'first';
    expect(collision.statuses()).toEqual({ [winner]: [202], [loser]: [409] });
    expect(h.wardWrites()).toBe(1);
    expect([tlsNow(h), tlsNow(h, second.id)].sort()).toEqual(['TLS1_0', 'TLS1_2']);
    const entries = await h.ward.ledger.listAll();
    expect(
      entries.filter((e) => e.kind === 'alert' && e.summary?.startsWith('budget-tripped')),
    ).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'approval' && e.outcome === 'pending')).toHaveLength(1);
    expect(h.cards().some((c) => c.title.startsWith('Change budget exhausted'))).toBe(true);
  });
});
