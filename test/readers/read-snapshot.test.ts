import { beforeEach, describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors';
import { readSnapshot, serviceDiagnosticSettingsRead, type ReadResult } from '../../src/readers';
import type { Snapshot } from '../../src/domain';
import { idOf, useHarness } from './simulator-harness';

const NOW = new Date('2026-11-23T09:00:00.000Z');

const h = useHarness();
beforeEach(() => {
  h.sim.counters.reset();
  h.sim.faults.clear();
});

function snapshotOf(result: ReadResult): Snapshot {
  if (result.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${result.kind}`);
  return result.snapshot;
}

describe('readSnapshot against the simulator', () => {
  it('reads an ML compute with one ARM read at the pinned api-version', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'ci-alice');
    const result = await readSnapshot(id, { clients: h.clients(), now: () => NOW });
    const snapshot = snapshotOf(result);
    expect(snapshot).toMatchObject({
      resourceId: id,
      resourceType: 'Microsoft.MachineLearningServices/workspaces/computes',
      apiVersion: '2025-12-01',
      readAt: NOW.toISOString(),
      related: {},
    });
    expect(snapshot.subject).toMatchObject({ kind: 'arm', resource: { id, name: 'ci-alice' } });
    // Properties the 2022-10-01 typed client would not know survive (the raw body is kept).
    const seeded = h.seed.resources.find((r) => r.id === id);
    expect(snapshot.subject.kind === 'arm' && snapshot.subject.resource.properties).toEqual(
      seeded?.properties,
    );
    expect(snapshot.etag).toBeUndefined();
    expect(h.reads()).toBe(1);
  });

  it('reads an online endpoint with one read', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints');
    snapshotOf(await readSnapshot(id, { clients: h.clients() }));
    expect(h.reads()).toBe(1);
  });

  it('reads a workspace with its diagnostic settings: two reads, no listing of connections the body has', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces', 'mlw-prod-secure');
    const snapshot = snapshotOf(await readSnapshot(id, { clients: h.clients() }));
    expect(snapshot.related.diagnosticSettings?.map((d) => d.name)).toEqual(['to-log-analytics']);
    expect(snapshot.related.diagnosticSettings?.[0]?.properties?.logs?.length).toBeGreaterThan(0);
    expect(snapshot.related.privateEndpointConnections).toBeUndefined();
    expect(h.reads()).toBe(2);
  });

  it('reads a storage account with its blob service diagnostic settings: two reads', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodsecure01');
    const result = await readSnapshot(id, { clients: h.clients() });
    const snapshot = snapshotOf(result);
    expect(result.kind === 'snapshot' && result.warnings).toEqual([]);
    const services = snapshot.related.serviceDiagnosticSettings;
    expect(Object.keys(services ?? {})).toEqual(['blobServices']);
    expect(services?.blobServices?.map((d) => d.name)).toEqual(['to-log-analytics']);
    // The account-level setting (metrics only) is not what the rule judges: not read.
    expect(snapshot.related.diagnosticSettings).toBeUndefined();
    expect(snapshot.apiVersion).toBe('2025-08-01');
    expect(h.reads()).toBe(2);
  });

  it('can read the other storage services when a rule needs them', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodsecure01');
    const client = await h.clients().resources(id.split('/')[2]);
    const resource = { id, name: 'stmlprodsecure01', type: 'Microsoft.Storage/storageAccounts' };
    const related = await serviceDiagnosticSettingsRead('fileServices').read({
      client,
      resource,
      apiVersion: '2025-08-01',
    });
    expect(related).toEqual({ serviceDiagnosticSettings: { fileServices: [] } });
    expect(h.reads()).toBe(1);
  });

  it('keeps the etag of providers that give one', async () => {
    const id = idOf(h.seed, 'Microsoft.CognitiveServices/accounts', 'oai-research-secure');
    const snapshot = snapshotOf(await readSnapshot(id, { clients: h.clients() }));
    expect(snapshot.etag).toMatch(/\S/);
    expect(snapshot.etag).toBe(
      snapshot.subject.kind === 'arm' ? snapshot.subject.resource.etag : 'none',
    );
    expect(snapshot.apiVersion).toBe('2025-09-01');
    expect(snapshot.related.diagnosticSettings).toHaveLength(1);
    expect(h.reads()).toBe(2);
  });

  it('reads a NIC with the public IPs it references, and a NIC without one in one read', async () => {
    const withIp = idOf(h.seed, 'Microsoft.Network/networkInterfaces', 'nic-jumpbox');
    const snapshot = snapshotOf(await readSnapshot(withIp, { clients: h.clients() }));
    expect(snapshot.related.publicIpAddresses?.map((p) => p.name)).toEqual(['pip-jumpbox']);
    expect(snapshot.etag).toMatch(/^W\//);
    expect(h.reads()).toBe(2);

    h.sim.counters.reset();
    const without = idOf(h.seed, 'Microsoft.Network/networkInterfaces', 'nic-build-agent');
    const plain = snapshotOf(await readSnapshot(without, { clients: h.clients() }));
    expect(plain.related.publicIpAddresses).toEqual([]);
    expect(h.reads()).toBe(1);
  });

  it('dispatches on the type whatever its case', async () => {
    const id = idOf(h.seed, 'Microsoft.KeyVault/vaults', 'kv-ml-prod-secure').replace(
      'Microsoft.KeyVault/vaults',
      'microsoft.keyvault/VAULTS',
    );
    const snapshot = snapshotOf(await readSnapshot(id, { clients: h.clients() }));
    expect(snapshot.apiVersion).toBe('2025-05-01');
    expect(snapshot.resourceType).toBe('Microsoft.KeyVault/vaults');
    expect(snapshot.related.diagnosticSettings?.map((d) => d.name)).toEqual(['to-log-analytics']);
  });

  it('reads only the related data asked for', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01');
    const snapshot = snapshotOf(
      await readSnapshot(id, { clients: h.clients() }, { related: new Set() }),
    );
    expect(snapshot.related).toEqual({});
    expect(h.reads()).toBe(1);
  });

  it('answers gone for a resource that does not exist', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01').replace(
      'stmlprodlegacy01',
      'stdeleted0001',
    );
    expect(await readSnapshot(id, { clients: h.clients() })).toEqual({
      kind: 'gone',
      resourceId: id,
    });
    expect(h.reads()).toBe(1);
  });

  it('refuses a type it has no reader for, without calling Azure', async () => {
    const id = idOf(h.seed, 'Microsoft.Network/virtualNetworks');
    await expect(readSnapshot(id, { clients: h.clients() })).rejects.toMatchObject({
      code: 'unknown-resource-type',
      retryable: false,
    });
    expect(h.reads()).toBe(0);
  });

  it('leaves out storage service settings it failed to read, with a warning', async () => {
    const id = idOf(h.seed, 'Microsoft.Storage/storageAccounts', 'stmlprodsecure01');
    h.sim.faults.add({
      kind: '500',
      match: { pathPattern: '/blobServices/default/providers/' },
      times: Infinity,
    });
    const result = await readSnapshot(id, {
      clients: h.clients({
        retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
      }),
    });
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    expect(result.snapshot.subject.kind === 'arm' && result.snapshot.subject.resource.id).toBe(id);
    expect('serviceDiagnosticSettings' in result.snapshot.related).toBe(false);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]?.key).toBe('serviceDiagnosticSettings.blobServices');
    expect(result.warnings[0]?.message).toContain('500');
  });

  it('leaves out diagnostic settings entirely when their read fails', async () => {
    const id = idOf(h.seed, 'Microsoft.CognitiveServices/accounts', 'oai-research-secure');
    h.sim.faults.add({
      kind: '500',
      match: { pathPattern: 'diagnosticSettings' },
      times: Infinity,
    });
    const result = await readSnapshot(id, {
      clients: h.clients({ retryOptions: { maxRetries: 0 } }),
    });
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    expect('diagnosticSettings' in result.snapshot.related).toBe(false);
    expect(result.warnings.map((w) => w.key)).toEqual(['diagnosticSettings']);
  });

  it('throws a retryable coded error when the resource itself cannot be read', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'ci-bob');
    h.sim.faults.add({
      kind: '503',
      match: { pathPattern: '/computes/ci-bob' },
      times: Infinity,
      retryAfterSeconds: 0,
    });
    const error: unknown = await readSnapshot(id, {
      clients: h.clients({ retryOptions: { maxRetries: 1 } }),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ code: 'read-failed', retryable: true, statusCode: 503 });
  });

  it('gives a delivery back instead of waiting out a long Retry-After', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'ci-carol');
    const fault = h.sim.faults.add({
      kind: '429',
      match: { pathPattern: '/computes/ci-carol' },
      retryAfterSeconds: 3600,
    });
    await expect(readSnapshot(id, { clients: h.clients() })).rejects.toMatchObject({
      code: 'retry-after-too-long',
      retryable: true,
      statusCode: 429,
    });
    // The simulator served the one 429, and ward did not ask again.
    expect(fault.hits()).toBe(1);
    expect(h.throttled()).toBe(1);
    expect(h.reads()).toBe(0);
  });

  it('waits out a short Retry-After and succeeds', async () => {
    const id = idOf(h.seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'ci-carol');
    const fault = h.sim.faults.add({
      kind: '429',
      match: { pathPattern: '/computes/ci-carol' },
      retryAfterSeconds: 0,
    });
    const snapshot = snapshotOf(await readSnapshot(id, { clients: h.clients(), now: () => NOW }));
    // The first GET got the injected 429; the retry was served as one read.
    expect(fault.hits()).toBe(1);
    expect(h.throttled()).toBe(1);
    expect(h.reads()).toBe(1);
    const seeded = h.seed.resources.find((r) => r.id === id);
    expect(snapshot).toMatchObject({
      resourceId: id,
      resourceType: 'Microsoft.MachineLearningServices/workspaces/computes',
      apiVersion: '2025-12-01',
      readAt: NOW.toISOString(),
    });
    expect(snapshot.subject).toEqual({
      kind: 'arm',
      resource: expect.objectContaining({ id, name: 'ci-carol', properties: seeded?.properties }),
    });
  });
});
