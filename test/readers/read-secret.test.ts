import { beforeEach, describe, expect, it } from 'vitest';
import { SECRET_RESOURCE_TYPE, type Snapshot } from '../../src/domain';
import {
  parseSecretId,
  readSnapshot,
  type ReadResult,
  type ReaderDeps,
  type VaultLocator,
} from '../../src/readers';
import { idOf, useHarness } from './simulator-harness';

/** Every data-plane read: ward reads secrets through ARM, never from the vault itself. */
const DATA_PLANE_READ = /^\/secrets(\/|$)/i;
const NOW = new Date('2026-11-23T09:00:00.000Z');

const h = useHarness();
beforeEach(() => {
  h.sim.faults.clear();
  h.sim.faults.add({
    kind: '500',
    match: { method: 'GET', pathPattern: DATA_PLANE_READ },
    times: Infinity,
  });
});

/** The vaults of the simulator's state, by their data-plane URL. */
const vaults: VaultLocator = {
  resolve: (url) =>
    Promise.resolve(
      h.sim.state
        .list({ type: 'Microsoft.KeyVault/vaults' })
        .find(
          (vault) =>
            String(vault.properties?.vaultUri).replace(/\/+$/, '').toLowerCase() ===
            url.replace(/\/+$/, '').toLowerCase(),
        )?.id,
    ),
};

function deps(extra: Partial<ReaderDeps> = {}): ReaderDeps {
  return { clients: h.clients(), vaults, ...extra };
}

function vaultUrl(name: string): string {
  const vault = h.sim.state.get(idOf(h.seed, 'Microsoft.KeyVault/vaults', name));
  const uri = vault?.properties?.vaultUri;
  if (typeof uri !== 'string') throw new Error(`vault ${name} has no vaultUri`);
  return uri.replace(/\/$/, '');
}

function snapshotOf(result: ReadResult): Snapshot {
  if (result.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${result.kind}`);
  return result.snapshot;
}

describe('readSnapshot for Key Vault secrets (through ARM, metadata only)', () => {
  it('reads the current version of a secret with its attributes in Unix seconds', async () => {
    const base = `${vaultUrl('kv-ml-prod-legacy')}/secrets/partner-api-token`;
    const snapshot = snapshotOf(await readSnapshot(base, deps({ now: () => NOW })));
    expect(snapshot.resourceId).toBe(base);
    expect(snapshot.resourceType).toBe(SECRET_RESOURCE_TYPE);
    expect(snapshot.readAt).toBe(NOW.toISOString());
    expect(snapshot.apiVersion).toBe('2025-05-01');
    if (snapshot.subject.kind !== 'secret') throw new Error('expected a secret subject');
    const secret = snapshot.subject.secret;
    expect(secret.id.startsWith(`${base}/`)).toBe(true);
    expect(secret.attributes).toMatchObject({
      enabled: true,
      exp: 1796256000,
      created: 1766016000,
      updated: 1766016000,
    });
    expect(secret.attributes.nbf).toBeUndefined();
    expect(snapshot.related).toEqual({});
  });

  it('keeps contentType and reads a secret with no expiry as such', async () => {
    const base = `${vaultUrl('kv-ml-prod-legacy')}/secrets/sql-admin-password`;
    const snapshot = snapshotOf(await readSnapshot(base, deps()));
    if (snapshot.subject.kind !== 'secret') throw new Error('expected a secret subject');
    expect(snapshot.subject.secret.contentType).toBe('text/plain');
    expect(snapshot.subject.secret.attributes.exp).toBeUndefined();
  });

  it('judges the newest version whichever version the event named', async () => {
    const vault = vaultUrl('kv-ml-research');
    const clients = h.clients();
    const secrets = await clients.secrets(vault);
    h.sim.faults.clear();
    const older = await secrets.setSecret('rotated-token', 'first', { contentType: 'v1' });
    const newer = await secrets.setSecret('rotated-token', 'second', { contentType: 'v2' });
    h.sim.faults.add({
      kind: '500',
      match: { method: 'GET', pathPattern: DATA_PLANE_READ },
      times: Infinity,
    });
    // The guard works: any data-plane read now fails.
    const strict = await h.clients({ retryOptions: { maxRetries: 0 } }).secrets(vault);
    await expect(strict.getSecret('rotated-token')).rejects.toMatchObject({ statusCode: 500 });
    const olderId = older.properties.id ?? '';
    const snapshot = snapshotOf(await readSnapshot(olderId, deps({ clients })));
    expect(snapshot.resourceId).toBe(`${vault}/secrets/rotated-token`);
    if (snapshot.subject.kind !== 'secret') throw new Error('expected a secret subject');
    expect(snapshot.subject.secret.id).toBe(newer.properties.id);
    expect(snapshot.subject.secret.contentType).toBe('v2');
  });

  it('answers gone for a secret that does not exist', async () => {
    const base = `${vaultUrl('kv-ml-prod-secure')}/secrets/never-created`;
    expect(await readSnapshot(base, deps())).toEqual({ kind: 'gone', resourceId: base });
  });

  it('reads nothing for a vault it cannot place in ARM, with a coded error', async () => {
    const base = `${vaultUrl('kv-ml-prod-legacy')}/secrets/partner-api-token`;
    const before = h.reads();
    await expect(readSnapshot(base, { clients: h.clients() })).rejects.toMatchObject({
      code: 'vault-not-found',
      retryable: false,
    });
    const unknown = { resolve: () => Promise.resolve(undefined) };
    await expect(readSnapshot(base, deps({ vaults: unknown }))).rejects.toThrow(
      /no watched subscription holds a vault at/,
    );
    expect(h.reads()).toBe(before);
  });
});

describe('parseSecretId', () => {
  it('splits vault URL, name and version', () => {
    expect(parseSecretId('https://kv1.vault.azure.net/secrets/s1/0123abcd')).toEqual({
      vaultUrl: 'https://kv1.vault.azure.net',
      name: 's1',
      version: '0123abcd',
    });
    expect(parseSecretId('https://127.0.0.1:4443/secrets/s1')).toEqual({
      vaultUrl: 'https://127.0.0.1:4443',
      name: 's1',
    });
  });

  it('rejects URLs that name no secret', () => {
    expect(() => parseSecretId('https://kv1.vault.azure.net/keys/k1')).toThrow(
      /not a secret identifier/,
    );
    expect(() => parseSecretId('http://kv1.vault.azure.net/secrets/s1')).toThrow(
      /not a secret identifier/,
    );
    expect(() => parseSecretId('https://kv1.vault.azure.net/secrets/s1/v1/extra')).toThrow(
      expect.objectContaining({ code: 'invalid-resource-id' }),
    );
  });
});
