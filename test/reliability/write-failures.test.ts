import { afterEach, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { cognitiveAccount } from '../../src/simulator/seed/bodies';
import type { HarnessOptions, WardHarness } from '../integration/harness';
import { aliceCredential, startWardHarness, ALICE_OID, WARD_OID } from '../integration/harness';
import { SCOPE, SUB, smallSeed, STORAGE } from '../integration/estate';

const COGNITIVE = cognitiveAccount(SCOPE, {
  name: 'oai-crash',
  kind: 'OpenAI',
  publicNetworkAccess: 'Disabled',
  disableLocalAuth: true,
  principalId: '33333333-3333-4333-8333-333333333333',
});
const compliantStorage = {
  ...STORAGE,
  properties: { ...STORAGE.properties, minimumTlsVersion: 'TLS1_2' },
};
const seed = { ...smallSeed(), resources: [compliantStorage, COGNITIVE] };
const POLICY = {
  rules: {
    'diagnostic-settings-enabled': { mode: 'off' as const },
    'cognitive-local-auth-disabled': { mode: 'auto' as const },
  },
};

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(options: Partial<HarnessOptions> = {}): Promise<WardHarness> {
  h = await startWardHarness({
    seed,
    policy: POLICY,
    ...options,
    ward: { reliability: { writeRetry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } } },
  });
  return h;
}

function aliceResources(harness: WardHarness) {
  return createAzureClients({
    credential: aliceCredential(seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  }).resources(SUB);
}

/** Alice turns local auth back on (or TLS down): answers the event Event Grid would deliver. */
async function aliceChange(harness: WardHarness, what: 'cognitive' | 'storage'): Promise<unknown> {
  const client = await aliceResources(harness);
  if (what === 'cognitive') {
    await client.resources.beginUpdateByIdAndWait(COGNITIVE.id.slice(1), '2024-10-01', {
      properties: { disableLocalAuth: false },
    });
  } else {
    await client.resources.beginUpdateByIdAndWait(STORAGE.id.slice(1), '2025-08-01', {
      properties: { minimumTlsVersion: 'TLS1_0' },
    });
  }
  await harness.sim.events.flush();
  const event = harness.events().find((e) => JSON.stringify(e).includes(ALICE_OID));
  harness.clearEvents();
  if (!event) throw new Error('no event for the change');
  return event;
}

async function actions(harness: WardHarness) {
  return (await harness.ward.ledger.listAll()).filter((e) => e.kind === 'action');
}

async function alerts(harness: WardHarness) {
  return (await harness.ward.ledger.listAll()).filter((e) => e.kind === 'alert');
}

const POLLS = { method: 'GET' as const, pathPattern: 'operationStatuses', principal: WARD_OID };

describe('a write whose operation polling fails after ARM accepted it', () => {
  it('is re-read and recorded as succeeded when the change is in place and settled', async () => {
    const harness = await start({
      sim: { lro: { polls: 1, retryAfterSeconds: 0, durationMs: 0 } },
    });
    const event = await aliceChange(harness, 'cognitive');
    harness.sim.faults.add({ kind: '503', retryAfterSeconds: 0, times: 100, match: POLLS });
    await harness.deliver([event]);
    const [action] = await actions(harness);
    expect(action).toMatchObject({ outcome: 'succeeded' });
    expect(action?.summary).toMatch(/re-read shows the change in place/);
    expect(await alerts(harness)).toEqual([]);
    expect(harness.wardWrites()).toBe(1);
  });

  it('is recorded unknown with one alert while the operation is unsettled, and undo still works', async () => {
    const harness = await start();
    const event = await aliceChange(harness, 'cognitive');
    const fault = harness.sim.faults.add({
      kind: '503',
      retryAfterSeconds: 0,
      times: 100,
      match: POLLS,
    });
    await harness.deliver([event]);
    const [action] = await actions(harness);
    expect(action).toMatchObject({ outcome: 'unknown' });
    expect(await alerts(harness)).toHaveLength(1);
    expect(harness.wardWrites()).toBe(1);

    // ARM finishes the operation; the before-state kept in the ledger lets undo revert it.
    fault.remove();
    harness.sim.settleOperations();
    const undo = await harness.ward.undo(action?.id ?? '', 'ops@contoso.example');
    expect(undo.restored).toEqual([
      { path: 'properties.disableLocalAuth', before: true, after: false },
    ]);
  });
});

describe('a write answered 429, 5xx or a reset', () => {
  it('is written again within the invocation after the precondition is re-read', async () => {
    const harness = await start();
    const event = await aliceChange(harness, 'storage');
    // More 503s than the client pipeline retries (4 in the harness): the first try fails.
    const fault = harness.sim.faults.add({
      kind: '503',
      retryAfterSeconds: 0,
      times: 5,
      match: { method: 'PATCH', pathPattern: STORAGE.name, principal: WARD_OID },
    });
    await harness.deliver([event]);
    expect(fault.hits()).toBe(5);
    const [action] = await actions(harness);
    expect(action).toMatchObject({ outcome: 'succeeded' });
    expect(await alerts(harness)).toEqual([]);
    expect(harness.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
  });

  it('is given back to Event Grid when it keeps failing, without an alert, and the redelivery fixes it', async () => {
    const harness = await start();
    const event = await aliceChange(harness, 'storage');
    const fault = harness.sim.faults.add({
      kind: 'reset',
      times: Infinity,
      match: { method: 'PATCH', pathPattern: STORAGE.name, principal: WARD_OID },
    });
    await expect(harness.deliver([event])).rejects.toMatchObject({ code: 'write-transient' });
    expect(await alerts(harness)).toEqual([]);
    expect(await actions(harness)).toMatchObject([{ outcome: 'failed' }]);

    fault.remove();
    await harness.deliver([event]);
    const outcomes = (await actions(harness)).map((a) => a.outcome);
    expect(outcomes).toEqual(['failed', 'succeeded']);
    expect(harness.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
  });

  it('a permanent refusal alerts once and is not retried', async () => {
    const harness = await start();
    const event = await aliceChange(harness, 'storage');
    const fault = harness.sim.faults.add({
      kind: '403',
      action: 'Microsoft.Storage/storageAccounts/write',
      times: Infinity,
      match: { method: 'PATCH', pathPattern: STORAGE.name, principal: WARD_OID },
    });
    await harness.deliver([event]);
    expect(fault.hits()).toBe(1);
    expect(await actions(harness)).toMatchObject([{ outcome: 'failed' }]);
    expect(await alerts(harness)).toHaveLength(1);
    // The delivery ended: a redelivery is a duplicate, so the alert is not raised again.
    await harness.deliver([event]);
    expect(fault.hits()).toBe(1);
    expect(await alerts(harness)).toHaveLength(1);
  });
});
