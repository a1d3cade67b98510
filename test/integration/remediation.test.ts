import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/rules/registry';
import { readSnapshot } from '../../src/readers';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { SimulatorCredential } from '../../src/simulator';
import { insecureEstate, INSECURE_ESTATE } from '../../src/simulator/seed/insecure-estate';
import { providerId } from '../../src/simulator/seed/ids';
import type { LedgerEntry } from '../../src/store';
import { startWardHarness, WARD_OID, type WardHarness } from './harness';
import { simulatorVaults } from '../support/simulator';

const seed = insecureEstate({ now: new Date() });
const workspaceId = providerId(
  INSECURE_ESTATE.subscriptions.prod,
  INSECURE_ESTATE.resourceGroups.shared,
  'Microsoft.OperationalInsights',
  'workspaces',
  INSECURE_ESTATE.logAnalytics,
);
const registry = createRegistry();
const AUTO_RULES = registry.rules
  .filter((rule) => rule.metadata.defaultMode === 'auto')
  .map((rule) => rule.metadata.id)
  .sort();

let h: WardHarness;
let actions: LedgerEntry[];
let writesAfterSweep: number;

const tick = (id: string) => ({
  invocationId: id,
  functionName: 'sweep',
  firedAt: new Date().toISOString(),
  isPastDue: false,
});

beforeAll(async () => {
  h = await startWardHarness({ seed, policy: { diagnostics: { workspaceId } } });
  await h.ward.sweep(tick('sweep-1'));
  await h.sim.events.flush();
  writesAfterSweep = h.wardWrites();
  actions = (await h.ward.ledger.listAll()).filter((entry) => entry.kind === 'action');
});
afterAll(async () => {
  await h.stop();
});

describe('the bundled insecure estate, swept once', () => {
  it('fixes every rule whose default mode is auto, and each fixed resource passes on a fresh read', async () => {
    const succeeded = actions.filter((entry) => entry.outcome === 'succeeded');
    expect([...new Set(succeeded.map((entry) => entry.ruleId))].sort()).toEqual(AUTO_RULES);
    expect(actions.filter((entry) => entry.outcome === 'failed')).toEqual([]);
    // An independent reader (its own clients) re-reads each fixed resource and judges it.
    const reader = createAzureClients({
      credential: new SimulatorCredential({
        oid: 'c0c0c0c0-0000-4000-8000-0000000000cc',
        tid: seed.tenantId,
      }),
      armEndpoint: h.sim.armUrl,
      ca: h.sim.ca,
      throttle: new ThrottleBuckets(),
    });
    for (const entry of succeeded) {
      const read = await readSnapshot(entry.resourceId ?? '', {
        clients: reader,
        vaults: simulatorVaults(h.sim),
      });
      if (read.kind !== 'snapshot') throw new Error(`${entry.resourceId ?? ''} is gone`);
      const rule = registry.get(entry.ruleId ?? 'storage-min-tls-1-2');
      const outcome = rule.evaluate(read.snapshot, {
        now: new Date(),
        settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
      });
      expect({ id: entry.resourceId, rule: entry.ruleId, status: outcome.status }).toEqual({
        id: entry.resourceId,
        rule: entry.ruleId,
        status: 'pass',
      });
    }
    expect(writesAfterSweep).toBeGreaterThanOrEqual(succeeded.length);
  });

  it('opens a ticket and raises an alert for each secret near or past expiry', async () => {
    const ledger = await h.ward.ledger.listAll();
    const tickets = ledger.filter(
      (entry) => entry.kind === 'ticket' && entry.ruleId === 'keyvault-secret-near-expiry',
    );
    const alerts = ledger.filter(
      (entry) => entry.kind === 'alert' && entry.ruleId === 'keyvault-secret-near-expiry',
    );
    expect(tickets.length).toBeGreaterThan(0);
    expect(alerts.map((a) => a.resourceId).sort()).toEqual(tickets.map((t) => t.resourceId).sort());
  });

  it('keeps the state before and the plan of each fix, and says in Teams how to undo it', () => {
    const storage = actions.find(
      (entry) =>
        entry.ruleId === 'storage-min-tls-1-2' &&
        entry.outcome === 'succeeded' &&
        entry.resourceId?.endsWith(`/${INSECURE_ESTATE.storageAccounts.legacy}`),
    );
    expect(storage).toBeDefined();
    expect(JSON.parse(storage?.before ?? '{}')).toMatchObject({
      properties: { minimumTlsVersion: 'TLS1_0' },
    });
    expect(JSON.parse(storage?.after ?? '{}')).toMatchObject({
      plan: { actionId: 'storage-set-min-tls-1-2', changes: [{ after: 'TLS1_2' }] },
    });
    // The sweep's fixes are listed by its digest, each with the ledger id `ward undo` takes.
    const applied = h.cards().filter((card) => card.text.includes(storage?.id ?? '-'));
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(applied.every((card) => card.title.startsWith('ward digest'))).toBe(true);
  });

  it("delivering every event the simulator emitted (ward's own writes included) changes nothing more", async () => {
    const events = h.events();
    const own = events.filter((event) => JSON.stringify(event).includes(WARD_OID));
    expect(own.length).toBeGreaterThan(0);
    const before = (await h.ward.ledger.listAll()).length;
    await h.deliver(events);
    await h.sim.events.flush();
    expect(h.wardWrites()).toBe(writesAfterSweep);
    const added = (await h.ward.ledger.listAll()).slice(before);
    const ownWrites = added.filter((entry) => entry.reasons?.some((r) => r.code === 'own-change'));
    expect(ownWrites).toHaveLength(own.length);
    expect(added.filter((entry) => entry.kind === 'action')).toEqual([]);
    expect(h.ward.counters().ownWrites).toBe(own.length);
  });

  it('keeps the Teams webhook URL out of every log line', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(h.logs)).not.toContain('canary-signature-0123456789');
  });

  it('a second sweep writes nothing, asks no approval twice and counts tickets instead of opening new ones', async () => {
    const openBefore = await h.ward.tickets.listOpen();
    const cardsBefore = h.teams.posts.length;
    const approvalsBefore = h.ward.counters().approvalsRequested;
    const digest = await h.ward.sweep(tick('sweep-2'));
    expect(h.wardWrites()).toBe(writesAfterSweep);
    expect(digest.remediated).toBe(0);
    expect(digest.approvalsRequested).toBe(0);
    expect(digest.ticketsOpened).toBe(0);
    expect(h.ward.counters().approvalsRequested).toBe(approvalsBefore);
    const openAfter = await h.ward.tickets.listOpen();
    expect(openAfter.map((t) => t.id).sort()).toEqual(openBefore.map((t) => t.id).sort());
    expect(openAfter.every((ticket) => ticket.count === 2)).toBe(true);
    // Only the digest is posted: no ticket, approval or remediation card again.
    const newCards = h.cards().slice(cardsBefore);
    expect(newCards.length).toBeGreaterThan(0);
    expect(newCards.every((card) => card.title.startsWith('ward digest: '))).toBe(true);
  });
});
