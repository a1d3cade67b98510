import { afterEach, describe, expect, inject, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import type { CrashPoint } from '../../src/app/reliability';
import { aliceCredential, startWardHarness, ALICE_OID, WARD_OID } from '../integration/harness';
import type { WardHarness } from '../integration/harness';
import { STORAGE, SUB, smallSeed } from '../integration/estate';
import { runChildWard } from './crash-child';

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };
const LEASE_PASSED_MS = 60 * 60_000;

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const compliant = {
  ...STORAGE,
  properties: { ...STORAGE.properties, minimumTlsVersion: 'TLS1_2' },
};
const seed = { ...smallSeed(), resources: [compliant] };

function tls(harness: WardHarness): unknown {
  return harness.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion;
}

/** Alice makes the storage account insecure; answers the event Event Grid would deliver. */
async function insecureChange(harness: WardHarness): Promise<unknown> {
  const clients = createAzureClients({
    credential: aliceCredential(seed),
    armEndpoint: harness.sim.armUrl,
    ca: harness.sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  });
  const client = await clients.resources(SUB);
  await client.resources.beginUpdateByIdAndWait(STORAGE.id.slice(1), '2025-08-01', {
    properties: { minimumTlsVersion: 'TLS1_0' },
  });
  await harness.sim.events.flush();
  const event = harness.events().find((e) => JSON.stringify(e).includes(ALICE_OID));
  harness.clearEvents();
  if (!event) throw new Error('the simulator published no event for the change');
  return event;
}

describe.each<CrashPoint>(['claimed', 'intent', 'written'])(
  'a handling killed (SIGKILL) after %s',
  (point) => {
    it('is finished by the redelivery: one write, one decision, one action that undo reverts', async () => {
      let skewMs = 0;
      const tablePrefix = `crash${point}${Date.now().toString(36)}`;
      h = await startWardHarness({
        seed,
        policy: QUIET,
        ward: { tablePrefix, now: () => new Date(Date.now() + skewMs) },
      });
      const harness = h;
      const event = await insecureChange(harness);

      const ended = await runChildWard({
        armUrl: harness.sim.armUrl,
        ca: harness.sim.ca,
        connectionString: inject('azuriteConnectionString'),
        tablePrefix,
        tenantId: seed.tenantId,
        principalId: WARD_OID,
        subscriptions: [SUB],
        policy: QUIET,
        crashAt: point,
        event,
      });
      expect(ended).toBe('killed');
      expect(harness.wardWrites()).toBe(point === 'written' ? 1 : 0);

      // While the dead handler's lease runs, a redelivery is given back to Event Grid.
      await expect(harness.deliver([event])).rejects.toMatchObject({ code: 'event-in-progress' });
      // Once it ran out, the redelivery is handled.
      skewMs = LEASE_PASSED_MS;
      await harness.deliver([event]);
      await harness.sim.events.flush();

      expect(tls(harness)).toBe('TLS1_2');
      expect(harness.wardWrites()).toBe(1);
      const entries = await harness.ward.ledger.listAll();
      const decisions = entries.filter(
        (e) => e.kind === 'decision' && e.ruleId === 'storage-min-tls-1-2',
      );
      expect(decisions).toHaveLength(1);
      const succeeded = entries.filter((e) => e.kind === 'action' && e.outcome === 'succeeded');
      expect(succeeded).toHaveLength(1);
      expect(succeeded[0]?.relatedId).toBe(decisions[0]?.id);
      // A delivery after that is a duplicate and writes nothing.
      await harness.deliver([event]);
      expect(harness.wardWrites()).toBe(1);

      const undo = await harness.ward.undo(succeeded[0]?.id ?? '', 'ops@contoso.example');
      expect(undo.restored).toEqual([
        { path: 'properties.minimumTlsVersion', before: 'TLS1_2', after: 'TLS1_0' },
      ]);
      expect(tls(harness)).toBe('TLS1_0');
    });
  },
);
