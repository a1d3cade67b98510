import { afterEach, describe, expect, it } from 'vitest';
import { UndoError } from '../../src/app/create-ward';
import type { ChangeSignal } from '../../src/domain';
import { defaultPlugins } from '../../src/simulator/plugins';
import type { SimulatorPlugin } from '../../src/simulator';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { aliceCredential, startWardHarness, WARD_OID, type WardHarness } from './harness';
import { SCOPE, STORAGE, SUB, keyVault, logAnalyticsWorkspace, smallSeed } from './estate';

const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' as const } } };

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const signal = (eventId: string): ChangeSignal => ({
  eventId,
  eventType: 'Microsoft.Resources.ResourceWriteSuccess',
  source: 'eventgrid',
  resourceId: STORAGE.id,
  subscriptionId: SUB,
  eventTime: new Date().toISOString(),
});

function tls(harness: WardHarness): unknown {
  return harness.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion;
}

async function fixed(harness: WardHarness): Promise<string> {
  await harness.handle(signal('evt-fix'));
  const entry = (await harness.ward.ledger.listAll()).find(
    (e) => e.kind === 'action' && e.outcome === 'succeeded',
  );
  if (!entry) throw new Error('ward did not fix the storage account');
  return entry.id;
}

async function undoError(promise: Promise<unknown>): Promise<UndoError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UndoError)) throw new Error(`expected an UndoError, got ${String(error)}`);
  return error;
}

describe('ward undo', () => {
  it('restores the state before a fix, records it, and its own write event starts nothing', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    const id = await fixed(h);
    expect(tls(h)).toBe('TLS1_2');
    await h.sim.events.flush();
    h.clearEvents();

    const report = await h.ward.undo(id, 'dana@contoso.example');
    expect(tls(h)).toBe('TLS1_0');
    expect(report).toMatchObject({
      undoneId: id,
      resourceId: STORAGE.id,
      actionId: 'storage-set-min-tls-1-2',
      restored: [{ path: 'properties.minimumTlsVersion', before: 'TLS1_2', after: 'TLS1_0' }],
    });
    const entry = await h.ward.ledger.get(report.ledgerId);
    expect(entry).toMatchObject({
      kind: 'action',
      outcome: 'succeeded',
      relatedId: id,
      principal: 'dana@contoso.example',
    });
    expect(h.wardWrites()).toBe(2);

    await h.sim.events.flush();
    await h.deliver(h.events());
    expect(h.wardWrites()).toBe(2);
    expect(tls(h)).toBe('TLS1_0');

    // The undo is a person's decision: the next event records instead of fixing again.
    expect(report.exemption?.expires).toBeDefined();
    await h.handle(signal('evt-after-undo'));
    expect(h.wardWrites()).toBe(2);
    const last = (await h.ward.ledger.listAll())
      .filter((e) => e.kind === 'decision' && e.ruleId === 'storage-min-tls-1-2')
      .at(-1);
    expect(last?.verb).toBe('record');
    expect(last?.reasons?.find((r) => r.code === 'exempt-record')?.text).toContain(
      `ward undo ${id}`,
    );

    const again = await undoError(h.ward.undo(id, 'dana@contoso.example'));
    expect(again.code).toBe('undo-already-undone');
    const ofUndo = await undoError(h.ward.undo(report.ledgerId, 'dana@contoso.example'));
    expect(ofUndo.code).toBe('undo-not-an-action');
  });

  it('undoes a fix of a property that was absent before (the value absence stands for)', async () => {
    const { minimumTlsVersion: _unset, ...properties } = STORAGE.properties ?? {};
    h = await startWardHarness({
      seed: { ...smallSeed(), resources: [{ ...STORAGE, properties }] },
      policy: QUIET,
    });
    const id = await fixed(h);
    expect(tls(h)).toBe('TLS1_2');
    const report = await h.ward.undo(id, 'dana');
    expect(tls(h)).toBe('TLS1_0');
    expect(report.restored).toEqual([
      { path: 'properties.minimumTlsVersion', before: 'TLS1_2', after: 'TLS1_0' },
    ]);
  });

  it('refuses what is not a fix that succeeded, naming why', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    await fixed(h);
    const decision = (await h.ward.ledger.listAll()).find((e) => e.kind === 'decision');
    const notAction = await undoError(h.ward.undo(decision?.id ?? '', 'dana'));
    expect(notAction.code).toBe('undo-not-an-action');
    expect(notAction.message).toContain('decision');
    const missing = await undoError(h.ward.undo('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'dana'));
    expect(missing.code).toBe('undo-not-found');
  });

  it('refuses when the resource no longer holds what ward left, and writes nothing', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    const id = await fixed(h);
    const alice = createAzureClients({
      credential: aliceCredential(h.sim.seed),
      armEndpoint: h.sim.armUrl,
      ca: h.sim.ca,
      throttle: new ThrottleBuckets(),
      subscriptionId: SUB,
    });
    const client = await alice.resources(SUB);
    await client.resources.beginUpdateByIdAndWait(STORAGE.id.slice(1), '2025-08-01', {
      properties: { minimumTlsVersion: 'TLS1_3' },
    });
    const writes = h.wardWrites();
    const error = await undoError(h.ward.undo(id, 'dana'));
    expect(error.code).toBe('undo-state-changed');
    expect(error.message).toContain('TLS1_3');
    expect(tls(h)).toBe('TLS1_3');
    expect(h.wardWrites()).toBe(writes);
  });
});

/** A provider that answers a PATCH as done but keeps the old state (verify must catch it). */
function ignoresPatches(resourceId: string): SimulatorPlugin {
  return {
    name: 'ignores-patches',
    install(core) {
      const path = new URL(`https://x${resourceId}`).pathname;
      core.routes.register({
        name: 'ignore-storage-patch',
        method: 'PATCH',
        pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'),
        plane: 'arm',
        kind: 'write',
        handle: () => ({ status: 200, body: core.state.get(resourceId) }),
      });
    },
  };
}

describe('a change that does not verify', () => {
  it('raises an alert in Teams and records the failure', async () => {
    h = await startWardHarness({
      seed: smallSeed(),
      policy: QUIET,
      sim: { plugins: [...defaultPlugins(), ignoresPatches(STORAGE.id)] },
    });
    await h.handle(signal('evt-verify'));
    expect(h.sim.counters.snapshot().byPrincipal[WARD_OID]?.writes).toBe(1);
    expect(tls(h)).toBe('TLS1_0');
    const entries = await h.ward.ledger.listAll();
    const action = entries.find((e) => e.kind === 'action');
    expect(action).toMatchObject({ outcome: 'failed', actionId: 'storage-set-min-tls-1-2' });
    expect(action?.summary).toMatch(/^verify-failed/);
    const alert = entries.find((e) => e.kind === 'alert');
    expect(alert).toMatchObject({ relatedId: action?.id, resourceId: STORAGE.id });
    expect(h.cards().map((card) => card.title)).toContain(
      'Remediation not verified: the resource still fails after the change',
    );
    expect(h.cards().some((card) => card.text.includes('ward undo'))).toBe(false);
    const refused = await undoError(h.ward.undo(action?.id ?? '', 'dana'));
    expect(refused.code).toBe('undo-not-an-action');
  });
});

describe('ward undo of a diagnostic setting ward created', () => {
  it('deletes the setting again, the vault fails the rule again, and the undo is exempted', async () => {
    const law = logAnalyticsWorkspace(SCOPE, 'law-it', '44444444-4444-4444-8444-444444444444');
    const vault = keyVault(SCOPE, {
      name: 'kv-it-diag',
      purgeProtection: true,
      rbacAuthorization: true,
      publicNetworkAccess: 'Disabled',
      accessPolicyObjectId: WARD_OID,
    });
    h = await startWardHarness({
      seed: smallSeed({ resources: [vault, law] }),
      policy: { diagnostics: { workspaceId: law.id } },
    });
    const settingId = `${vault.id}/providers/Microsoft.Insights/diagnosticSettings/ward-audit`;
    const vaultSignal = (eventId: string): ChangeSignal => ({
      ...signal(eventId),
      resourceId: vault.id,
    });
    await h.handle(vaultSignal('evt-diag'));
    const fix = (await h.ward.ledger.listAll()).find(
      (e) =>
        e.kind === 'action' &&
        e.outcome === 'succeeded' &&
        e.actionId === 'diagnostic-settings-create',
    );
    if (!fix) throw new Error('ward did not create the diagnostic setting');
    expect(h.sim.state.get(settingId)).toBeDefined();

    const report = await h.ward.undo(fix.id, 'dana@contoso.example');
    expect(report.actionId).toBe('diagnostic-settings-create');
    expect(h.sim.state.get(settingId)).toBeUndefined();
    expect(report.restored).toEqual([
      { path: 'related.diagnosticSettings', before: ['ward-audit'], after: [] },
    ]);
    expect(report.exemption?.expires).toBeDefined();
    const exemptions = await h.ward.exemptions.listActive(new Date());
    expect(exemptions.map((e) => e.ruleId)).toContain('diagnostic-settings-enabled');

    // The vault fails the rule again; the exemption keeps ward from creating the setting anew.
    await h.handle(vaultSignal('evt-after-diag-undo'));
    const last = (await h.ward.ledger.listAll())
      .filter((e) => e.kind === 'decision' && e.ruleId === 'diagnostic-settings-enabled')
      .at(-1);
    expect(last?.verb).toBe('record');
    expect(last?.reasons?.find((r) => r.code === 'exempt-record')?.text).toContain(
      `ward undo ${fix.id}`,
    );
    expect(h.sim.state.get(settingId)).toBeUndefined();
  });
});
