import https from 'node:https';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorCredential, startSimulator, type Simulator } from '../../src/simulator';
import type { EventGridEvent } from '../../src/simulator/events/event';
import { keyVaultPlugin } from '../../src/simulator/keyvault/plugin';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY_MS = 86_400_000;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(url: string, ca: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'GET', ca, headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Key Vault data plane through @azure/keyvault-secrets', () => {
  let sim: Simulator;
  let legacyUrl: string;
  let client: SecretClient;
  const delivered: EventGridEvent[] = [];
  const credential = new SimulatorCredential({
    oid: '0a0a0a0a-0000-4000-8000-000000000001',
    name: 'ward',
  });

  beforeAll(async () => {
    sim = await startSimulator({
      seed: insecureEstate({ now: NOW }),
      clock: { start: NOW, frozen: true },
      plugins: [keyVaultPlugin()],
    });
    sim.events.subscribe((events) => {
      delivered.push(...events);
      return Promise.resolve();
    });
    legacyUrl = sim.vaultUriFor(INSECURE_ESTATE.vaults.legacy);
    client = new SecretClient(legacyUrl, credential, {
      disableChallengeResourceVerification: true,
      tlsOptions: { ca: sim.ca },
      retryOptions: { maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await sim.stop();
  });

  async function eventsOfType(type: string): Promise<EventGridEvent[]> {
    await sim.events.flush();
    return delivered.filter((e) => e.eventType === type);
  }

  it('serves every vault on its own loopback origin and sets vaultUri to it', () => {
    const urls = Object.values(INSECURE_ESTATE.vaults).map((name) => sim.vaultUriFor(name));
    expect(new Set(urls).size).toBe(3);
    for (const url of urls) expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const [vault] = sim.state
      .list({ type: 'Microsoft.KeyVault/vaults' })
      .filter((v) => v.name === INSECURE_ESTATE.vaults.legacy);
    expect(vault?.properties?.vaultUri).toBe(legacyUrl);
  });

  it('challenges a request without a token and rejects a token for another audience', async () => {
    const anonymous = await raw(`${legacyUrl}secrets?api-version=2025-07-01`, sim.ca);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe(
      `Bearer authorization="https://login.microsoftonline.com/${sim.tenantId}", resource="https://vault.azure.net"`,
    );
    const armToken = await credential.getToken('https://management.azure.com/.default');
    const wrongAudience = await raw(`${legacyUrl}secrets?api-version=2025-07-01`, sim.ca, {
      authorization: `Bearer ${armToken.token}`,
    });
    expect(wrongAudience.status).toBe(401);
    expect(JSON.parse(wrongAudience.body)).toMatchObject({ error: { code: 'Unauthorized' } });
    const vaultToken = await credential.getToken('https://vault.azure.net/.default');
    const badVersion = await raw(`${legacyUrl}secrets?api-version=2016-10-01`, sim.ca, {
      authorization: `Bearer ${vaultToken.token}`,
    });
    expect(badVersion.status).toBe(400);
    expect(JSON.parse(badVersion.body)).toMatchObject({ error: { code: 'BadParameter' } });
  });

  it('lists secret properties page by page, with expiry as the seed set it', async () => {
    const pages: string[][] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) {
      pages.push(page.map((p) => p.name));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const names = pages.flat();
    expect(names).toEqual([...names].sort());
    expect(new Set(names)).toEqual(
      new Set([
        'feature-store-key',
        'legacy-sp-client-secret',
        'partner-api-token',
        'sql-admin-password',
        'storage-connection-string',
      ]),
    );
    const all = new Map<string, Date | undefined>();
    for await (const p of client.listPropertiesOfSecrets()) all.set(p.name, p.expiresOn);
    expect(all.get('sql-admin-password')).toBeUndefined();
    expect(all.get('partner-api-token')?.getTime()).toBe(NOW.getTime() + 10 * DAY_MS);
    expect(all.get('legacy-sp-client-secret')?.getTime()).toBe(NOW.getTime() - 5 * DAY_MS);
  });

  it('gets a secret with a placeholder value and its properties; 404 for an unknown one', async () => {
    const secret = await client.getSecret('sql-admin-password');
    expect(secret.value).toBe('simulated-secret-value');
    expect(secret.properties.contentType).toBe('text/plain');
    expect(secret.properties.vaultUrl).toBe(legacyUrl.replace(/\/$/, ''));
    expect(secret.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(secret.properties.recoveryLevel).toBe('Recoverable+Purgeable');
    const missing = await client.getSecret('no-such-secret').catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'SecretNotFound' });
  });

  it('updates expiry, tags, content type and enabled on a version', async () => {
    const before = await client.getSecret('storage-connection-string');
    const expiresOn = new Date(NOW.getTime() + 90 * DAY_MS);
    sim.clock.advance(60_000);
    const updated = await client.updateSecretProperties(
      'storage-connection-string',
      before.properties.version!,
      {
        expiresOn,
        tags: { owner: 'ward' },
        contentType: 'application/x-connection-string',
        enabled: true,
      },
    );
    expect(updated.expiresOn?.getTime()).toBe(expiresOn.getTime());
    expect(updated.tags).toEqual({ owner: 'ward' });
    expect(updated.contentType).toBe('application/x-connection-string');
    expect(updated.updatedOn!.getTime()).toBeGreaterThan(before.properties.updatedOn!.getTime());
    const listed: { name: string; expiresOn: Date | undefined; tags: unknown }[] = [];
    for await (const p of client.listPropertiesOfSecrets())
      listed.push({ name: p.name, expiresOn: p.expiresOn, tags: p.tags });
    const row = listed.find((p) => p.name === 'storage-connection-string');
    expect(row?.expiresOn?.getTime()).toBe(expiresOn.getTime());
    expect(row?.tags).toEqual({ owner: 'ward' });
  });

  it('sets a new version, lists both versions and raises SecretNewVersionCreated', async () => {
    const first = await client.getSecret('partner-api-token');
    const written = await client.setSecret('partner-api-token', 'rotated');
    expect(written.properties.version).not.toBe(first.properties.version);
    expect(written.properties.expiresOn).toBeUndefined();
    const versions: string[] = [];
    for await (const v of client.listPropertiesOfSecretVersions('partner-api-token'))
      versions.push(v.version!);
    expect(new Set(versions)).toEqual(
      new Set([first.properties.version, written.properties.version]),
    );
    const latest = await client.getSecret('partner-api-token');
    expect(latest.properties.version).toBe(written.properties.version);
    expect(latest.value).toBe('rotated');
    const created = await eventsOfType('Microsoft.KeyVault.SecretNewVersionCreated');
    expect(created).toHaveLength(1);
    const vault = sim.state
      .list({ type: 'Microsoft.KeyVault/vaults' })
      .find((v) => v.name === INSECURE_ESTATE.vaults.legacy)!;
    expect(created[0]).toMatchObject({
      topic: vault.id,
      subject: 'partner-api-token',
      dataVersion: '1',
      metadataVersion: '1',
      data: {
        Id: `${legacyUrl}secrets/partner-api-token/${written.properties.version}`,
        VaultName: INSECURE_ESTATE.vaults.legacy,
        ObjectType: 'Secret',
        ObjectName: 'partner-api-token',
        Version: written.properties.version,
        NBF: null,
        EXP: null,
      },
    });
    expect(Object.keys(created[0]!.data).sort()).toEqual([
      'EXP',
      'Id',
      'NBF',
      'ObjectName',
      'ObjectType',
      'VaultName',
      'Version',
    ]);
  });

  it('raises SecretNearExpiry 30 days before exp and SecretExpired at exp, once each, as the clock moves', async () => {
    // feature-store-key expires 31 days after start: nothing is due yet.
    expect(await eventsOfType('Microsoft.KeyVault.SecretNearExpiry')).toEqual([]);
    sim.clock.advance(2 * DAY_MS);
    const near = await eventsOfType('Microsoft.KeyVault.SecretNearExpiry');
    expect(near.map((e) => e.subject)).toEqual(['feature-store-key']);
    expect(near[0]!.data.EXP).toBe(Math.floor(NOW.getTime() / 1000) + 31 * 86_400);
    expect(near[0]!.eventTime).toBe(new Date(NOW.getTime() + 2 * DAY_MS + 60_000).toISOString());
    sim.clock.advance(DAY_MS);
    expect(await eventsOfType('Microsoft.KeyVault.SecretNearExpiry')).toHaveLength(1);
    sim.clock.advance(30 * DAY_MS);
    const expired = await eventsOfType('Microsoft.KeyVault.SecretExpired');
    expect(expired.map((e) => e.subject)).toEqual(['feature-store-key']);
    expect(expired[0]!.topic).toMatch(
      /\/providers\/Microsoft\.KeyVault\/vaults\/kv-ml-prod-legacy$/,
    );
  });
});
