import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import type { ChangeSignal } from '../../src/domain';
import type { Seed } from '../../src/simulator/seed/format';
import type { SimRequest, SimulatorPlugin } from '../../src/simulator';
import { defaultPlugins } from '../../src/simulator/plugins';
import {
  aliceCredential,
  startWardHarness,
  WARD_OID,
  ALICE_OID,
  type WardHarness,
} from './harness';
import { SCOPE, STORAGE, SUB, keyVault, smallSeed, storageAccount } from './estate';

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };
const STORAGE_API = '2025-08-01';

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

function aliceClients(harness: WardHarness, seed: Seed) {
  return createAzureClients({
    credential: aliceCredential(seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  });
}

async function aliceSetsTls(
  harness: WardHarness,
  seed: Seed,
  id: string,
  value: string,
): Promise<void> {
  const client = await aliceClients(harness, seed).resources(SUB);
  await client.resources.beginUpdateByIdAndWait(id.slice(1), STORAGE_API, {
    properties: { minimumTlsVersion: value },
  });
}

function tls(harness: WardHarness, id = STORAGE.id): unknown {
  return harness.sim.state.get(id)?.properties?.minimumTlsVersion;
}

function byPrincipal(events: readonly unknown[], oid: string): unknown[] {
  return events.filter((event) => JSON.stringify(event).includes(oid));
}

const compliantStorage = {
  ...STORAGE,
  properties: { ...STORAGE.properties, minimumTlsVersion: 'TLS1_2' },
};

describe('events from the simulator through the real Event Grid handlers', () => {
  it('duplicated and reordered events of one insecure change cause one fix, and its own event no loop', async () => {
    const seed = { ...smallSeed(), resources: [compliantStorage] };
    h = await startWardHarness({ seed, policy: QUIET });
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_0');
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_1');
    await h.sim.events.flush();
    const alice = byPrincipal(h.events(), ALICE_OID);
    expect(alice).toHaveLength(2);
    const [first, second] = alice;
    h.clearEvents();

    await h.deliver([second, first, second, first]);
    await h.sim.events.flush();
    expect(h.wardWrites()).toBe(1);
    expect(tls(h)).toBe('TLS1_2');
    expect(h.ward.counters()).toMatchObject({
      signals: 4,
      duplicates: 2,
      coalesced: 1,
      remediated: 1,
    });

    // The fix raised its own event; delivering it (twice) and everything else changes nothing.
    const own = byPrincipal(h.events(), WARD_OID);
    expect(own).toHaveLength(1);
    await h.deliver([...h.events(), ...own, ...alice]);
    await h.sim.events.flush();
    expect(h.wardWrites()).toBe(1);
    expect(h.ward.counters().ownWrites).toBe(2);
    const change = (await h.ward.ledger.listAll()).find((e) => e.kind === 'action');
    expect(change).toMatchObject({
      outcome: 'succeeded',
      invocationId: expect.stringMatching(/^inv-/) as string,
    });
    expect(change?.eventId).toBe((second as { id: string }).id);
    // The Teams card names who made the insecure change and how to undo the fix.
    const applied = h.cards().find((card) => card.text.includes(`ward undo ${change?.id ?? '-'}`));
    expect(applied?.text).toContain('alice@contoso.example');
    // One structured line per decision, carrying the correlation ids.
    const decisionLines = h.logs.filter(
      (line) => line.msg === 'decision' && line.ruleId === 'storage-min-tls-1-2',
    );
    expect(decisionLines).toHaveLength(1);
    expect(decisionLines[0]).toMatchObject({
      eventId: change?.eventId,
      resourceId: STORAGE.id,
      invocationId: change?.invocationId,
    });
  });

  it('events about one resource delivered at the same time are judged one after the other', async () => {
    const seed = { ...smallSeed(), resources: [compliantStorage] };
    h = await startWardHarness({ seed, policy: QUIET });
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_0');
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_1');
    await h.sim.events.flush();
    const alice = byPrincipal(h.events(), ALICE_OID);
    expect(alice).toHaveLength(2);
    const harness = h;
    await Promise.all(alice.map((event) => harness.deliver([event])));
    expect(h.wardWrites()).toBe(1);
    expect(h.ward.counters()).toMatchObject({ signals: 2, coalesced: 1, remediated: 1 });
    expect(h.sim.counters.snapshot().byPrincipal[WARD_OID]?.preconditionFailed ?? 0).toBe(0);
  });

  it('a secret created without expiry through the data plane gets one from its Key Vault event', async () => {
    const vault = keyVault(SCOPE, {
      name: 'kv-it-events',
      purgeProtection: true,
      rbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      accessPolicyObjectId: '33333333-3333-4333-8333-333333333333',
    });
    const seed = smallSeed({ resources: [vault] });
    h = await startWardHarness({ seed, policy: QUIET });
    const vaultUri = String(h.sim.state.get(vault.id)?.properties?.vaultUri);
    const secrets = await aliceClients(h, seed).secrets(vaultUri);
    await secrets.setSecret('api-key', 'value-never-read');
    await h.sim.events.flush();
    const created = h
      .events()
      .filter(
        (e) =>
          (e as { eventType?: string }).eventType === 'Microsoft.KeyVault.SecretNewVersionCreated',
      );
    expect(created).toHaveLength(1);
    await h.deliver(created);
    const properties = await secrets.getSecret('api-key');
    expect(properties.properties.expiresOn).toBeInstanceOf(Date);
    const days = ((properties.properties.expiresOn?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
    const change = (await h.ward.ledger.listAll()).find((e) => e.kind === 'action');
    expect(change).toMatchObject({ outcome: 'succeeded', ruleId: 'keyvault-secret-expiry-set' });
  });

  it('a transient read failure is given back to Event Grid and the redelivery is handled', async () => {
    const seed = { ...smallSeed(), resources: [compliantStorage] };
    h = await startWardHarness({ seed, policy: QUIET });
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_0');
    await h.sim.events.flush();
    const alice = byPrincipal(h.events(), ALICE_OID);
    const outage = h.sim.faults.add({
      kind: '503',
      match: { method: 'GET', principal: WARD_OID },
      times: Infinity,
      retryAfterSeconds: 0,
    });
    await expect(h.deliver(alice)).rejects.toMatchObject({ retryable: true });
    expect(outage.hits()).toBeGreaterThan(0);
    expect(h.wardWrites()).toBe(0);
    outage.remove();
    await h.deliver(alice);
    expect(tls(h)).toBe('TLS1_2');
    expect(h.ward.counters()).toMatchObject({ signals: 2, duplicates: 0, remediated: 1 });
  });

  it('a read failing between plan and change records an interrupted action and is retried', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    const path = new RegExp(`^${new URL(`https://x${STORAGE.id}`).pathname}$`, 'i');
    const outage = h.sim.faults.add({
      kind: '503',
      match: { method: 'GET', principal: WARD_OID, pathPattern: path },
      nth: 2,
      times: Infinity,
      retryAfterSeconds: 0,
    });
    await expect(h.handle(signal(STORAGE.id, 'evt-interrupted'))).rejects.toMatchObject({
      retryable: true,
    });
    expect(h.wardWrites()).toBe(0);
    const interrupted = (await h.ward.ledger.listAll()).find((e) => e.kind === 'action');
    expect(interrupted).toMatchObject({ outcome: 'failed', actionId: 'storage-set-min-tls-1-2' });
    expect(interrupted?.summary).toMatch(/^interrupted/);
    outage.remove();
    await h.handle(signal(STORAGE.id, 'evt-interrupted'));
    expect(tls(h)).toBe('TLS1_2');
    expect(h.wardWrites()).toBe(1);
    expect(await budgetUsed(h)).toBe(1);
  });

  it('a change interrupted after its write is counted once against the budget when retried', async () => {
    h = await startWardHarness({
      seed: smallSeed(),
      policy: QUIET,
      sim: { plugins: [...defaultPlugins(), ignoresFirstPatch(STORAGE.id)] },
    });
    const path = new RegExp(`^${new URL(`https://x${STORAGE.id}`).pathname}$`, 'i');
    // Reads 1 and 2 are the event's read and the precondition; the read verifying the write fails.
    const outage = h.sim.faults.add({
      kind: '503',
      match: { method: 'GET', principal: WARD_OID, pathPattern: path },
      nth: 3,
      times: Infinity,
      retryAfterSeconds: 0,
    });
    await expect(h.handle(signal(STORAGE.id, 'evt-after-write'))).rejects.toMatchObject({
      retryable: true,
    });
    expect(h.wardWrites()).toBe(1);
    expect(tls(h)).toBe('TLS1_0');
    outage.remove();
    await h.handle(signal(STORAGE.id, 'evt-after-write'));
    expect(tls(h)).toBe('TLS1_2');
    expect(h.wardWrites()).toBe(2);
    expect(await budgetUsed(h)).toBe(1);
  });

  it("a write under ward's app id (the token's appid claim) is ward's own, whatever the object id", async () => {
    const appId = 'd0d0d0d0-0000-4000-8000-0000000000dd';
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET, ward: { clientId: appId } });
    await h.handle({
      ...signal(STORAGE.id, 'evt-own-app'),
      principal: { appId: appId.toUpperCase(), objectId: 'e0e0e0e0-0000-4000-8000-0000000000ee' },
    });
    expect(h.ward.counters()).toMatchObject({ ownWrites: 1, evaluated: 0 });
    expect(h.wardWrites()).toBe(0);
    expect(tls(h)).toBe('TLS1_0');

    // Another application's write is judged as usual.
    await h.handle({
      ...signal(STORAGE.id, 'evt-other-app'),
      principal: { appId: 'f0f0f0f0-0000-4000-8000-0000000000ff' },
    });
    expect(h.ward.counters()).toMatchObject({ ownWrites: 1, remediated: 1 });
    expect(tls(h)).toBe('TLS1_2');
  });

  it('close waits for a signal still being handled', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    const handling = h.handle(signal(STORAGE.id, 'evt-close'));
    await h.ward.close();
    expect(tls(h)).toBe('TLS1_2');
    expect(h.ward.counters().remediated).toBe(1);
    await handling;
  });

  it('a change that leaves the resource compliant logs one line with the rules judged', async () => {
    const seed = { ...smallSeed(), resources: [compliantStorage] };
    h = await startWardHarness({ seed, policy: QUIET });
    await aliceSetsTls(h, seed, STORAGE.id, 'TLS1_2');
    await h.sim.events.flush();
    const alice = byPrincipal(h.events(), ALICE_OID);
    expect(alice.length).toBeGreaterThan(0);
    await h.deliver(alice);
    const judged = h.logs.filter((line) => line.decision === 'judged');
    expect(judged).toHaveLength(1);
    expect(judged[0]).toMatchObject({ level: 30, resourceId: STORAGE.id });
    expect(judged[0]?.pass).toContain('storage-min-tls-1-2');
    // Every rule for storage accounts is named in one of the lists.
    const named = ['pass', 'fail', 'skip', 'error'].flatMap((k) => judged[0]?.[k] as string[]);
    expect(named).toEqual(
      expect.arrayContaining(['storage-min-tls-1-2', 'diagnostic-settings-enabled']),
    );
    expect(h.wardWrites()).toBe(0);
  });

  it('acknowledges a malformed event and logs its id', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    await h.deliver([
      {
        id: 'malformed-event-7',
        eventType: 'Microsoft.Resources.ResourceWriteSuccess',
        subject: STORAGE.id,
        eventTime: new Date().toISOString(),
        dataVersion: '2',
        data: { resourceUri: 42 },
      },
    ]);
    const rejected = h.logs.find((line) => line.msg === 'event rejected');
    expect(JSON.stringify(rejected)).toContain('malformed-event-7');
    expect(h.ward.counters().signals).toBe(0);
    expect(h.wardWrites()).toBe(0);
  });

  it('re-plans when the resource changes between the plan and the change', async () => {
    let accountGets = 0;
    const path = new URL(`https://x${STORAGE.id}`).pathname.toLowerCase();
    const seed = smallSeed();
    h = await startWardHarness({
      seed,
      policy: QUIET,
      sim: {
        latencyMs: (req: SimRequest) => {
          if (
            req.method === 'GET' &&
            req.principal?.id === WARD_OID &&
            req.url.pathname.toLowerCase() === path
          ) {
            accountGets += 1;
            // Someone sets TLS1_1 after ward's evaluation read, before its precondition read.
            if (accountGets === 2 && h) {
              const body = h.sim.state.get(STORAGE.id);
              if (body)
                h.sim.state.put({
                  ...body,
                  properties: { ...body.properties, minimumTlsVersion: 'TLS1_1' },
                });
            }
          }
          return 0;
        },
      },
    });
    await h.handle(signal(STORAGE.id, 'evt-replan'));
    expect(h.wardWrites()).toBe(1);
    expect(tls(h)).toBe('TLS1_2');
    const change = (await h.ward.ledger.listAll()).find((e) => e.kind === 'action');
    expect(change?.outcome).toBe('succeeded');
    expect(JSON.parse(change?.after ?? '{}')).toMatchObject({
      plan: {
        changes: [{ path: 'properties.minimumTlsVersion', before: 'TLS1_1', after: 'TLS1_2' }],
      },
    });
    expect(JSON.parse(change?.before ?? '{}')).toMatchObject({
      properties: { minimumTlsVersion: 'TLS1_1' },
    });
  });

  it('a 429 burst on scaled-down buckets ends with every event processed', async () => {
    const names = ['stitburst01', 'stitburst02', 'stitburst03', 'stitburst04', 'stitburst05'];
    const accounts = names.map((name) =>
      storageAccount(SCOPE, {
        name,
        minimumTlsVersion: 'TLS1_0',
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        publicNetworkAccess: 'Disabled',
      }),
    );
    // ward's own buckets sit a little under the simulator's, so every 429 is a scripted one.
    const limits = {
      read: { capacity: 6, refillPerSecond: 30 },
      write: { capacity: 1, refillPerSecond: 8 },
    };
    h = await startWardHarness({
      seed: { ...smallSeed(), resources: accounts },
      policy: QUIET,
      sim: {
        throttle: {
          reads: { capacity: 8, refillPerSecond: 40 },
          writes: { capacity: 2, refillPerSecond: 10 },
          deletes: { capacity: 2, refillPerSecond: 10 },
        },
      },
      ward: { throttleLimits: limits },
    });
    // Scripted 429s on top: Azure can throttle for reasons the buckets do not see.
    const reads = h.sim.faults.add({
      kind: '429',
      match: { method: 'GET', principal: WARD_OID },
      nth: 2,
      times: 4,
      retryAfterSeconds: 0,
    });
    const writes = h.sim.faults.add({
      kind: '429',
      match: { method: 'PATCH', principal: WARD_OID },
      times: 2,
      retryAfterSeconds: 0,
    });
    const pending = accounts.map((account, index) => signal(account.id, `burst-${index}`));
    // Event Grid redelivers what failed; a few rounds at most.
    for (let round = 0; round < 5 && pending.length > 0; round += 1) {
      const results = await Promise.allSettled(
        pending.map((s) => (h ? h.handle(s) : Promise.reject(new Error('no harness')))),
      );
      const failed = pending.filter((_, index) => results[index]?.status === 'rejected');
      pending.splice(0, pending.length, ...failed);
    }
    expect(pending).toEqual([]);
    expect(reads.hits()).toBe(4);
    expect(writes.hits()).toBe(2);
    for (const account of accounts) expect(tls(h, account.id)).toBe('TLS1_2');
    expect(h.sim.counters.snapshot().byPrincipal[WARD_OID]?.throttled).toBe(6);
    expect(h.wardWrites()).toBe(accounts.length);
  });
});

const BUDGET = { maxChanges: 20, maxChangesPerSubscription: 10, windowMinutes: 60 };

/** Changes counted against the (default) budget in the current window. */
async function budgetUsed(harness: WardHarness): Promise<number> {
  const answer = await harness.ward.guardrails.current({
    subscriptionId: SUB,
    now: new Date(),
    budget: BUDGET,
  });
  return answer.used;
}

/** A provider that answers the first PATCH of a resource as done but keeps the old state. */
function ignoresFirstPatch(resourceId: string): SimulatorPlugin {
  return {
    name: 'ignores-first-patch',
    install(core) {
      const path = new URL(`https://x${resourceId}`).pathname;
      const unregister = core.routes.register({
        name: 'ignore-first-patch',
        method: 'PATCH',
        pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'),
        plane: 'arm',
        kind: 'write',
        handle: () => {
          unregister();
          return { status: 200, body: core.state.get(resourceId) };
        },
      });
    },
  };
}

function signal(resourceId: string, eventId: string): ChangeSignal {
  return {
    eventId,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    source: 'eventgrid',
    resourceId,
    subscriptionId: SUB,
    eventTime: new Date().toISOString(),
  };
}
