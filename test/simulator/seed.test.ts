import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readPath } from '../../src/rules/paths';
import { seedSchema, type Seed, type SeedResource } from '../../src/simulator/seed/format';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import {
  loadSeedFile,
  parseSeed,
  SeedError,
  seedConsistencyProblems,
} from '../../src/simulator/seed/load';

const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400;

function byName(seed: Seed, type: string, name: string): SeedResource {
  const found = seed.resources.find(
    (r) => r.type.toLowerCase() === type.toLowerCase() && r.name === name,
  );
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found;
}

const at = (value: unknown, ...path: string[]): unknown => readPath(value, path.join('.'));

describe('insecure estate', () => {
  const seed = insecureEstate({ now: NOW });
  const WS = 'Microsoft.MachineLearningServices/workspaces';

  it('is a valid, consistent seed with one tenant and two subscriptions', () => {
    expect(() => parseSeed(seed, 'insecure-estate')).not.toThrow();
    expect(seedConsistencyProblems(seed)).toEqual([]);
    expect(seed.subscriptions).toHaveLength(2);
    expect(seedSchema.parse(seed).tenantId).toBe(INSECURE_ESTATE.tenantId);
  });

  it('is deterministic: the same time gives the same estate', () => {
    expect(JSON.stringify(insecureEstate({ now: NOW }))).toBe(JSON.stringify(seed));
  });

  it('has a private workspace, a public one and a hub without managed network isolation', () => {
    const secure = byName(seed, WS, INSECURE_ESTATE.workspaces.secure);
    expect(at(secure, 'properties', 'publicNetworkAccess')).toBe('Disabled');
    const connections = at(secure, 'properties', 'privateEndpointConnections') as unknown[];
    expect(at(connections[0], 'properties', 'privateLinkServiceConnectionState', 'status')).toBe(
      'Approved',
    );
    const peId = at(connections[0], 'properties', 'privateEndpoint', 'id');
    expect(seed.resources.some((r) => r.id === peId)).toBe(true);

    const open = byName(seed, WS, INSECURE_ESTATE.workspaces.public);
    expect(at(open, 'properties', 'publicNetworkAccess')).toBe('Enabled');
    expect(at(open, 'properties', 'privateEndpointConnections')).toEqual([]);

    const hub = byName(seed, WS, INSECURE_ESTATE.workspaces.hub);
    expect(hub.kind).toBe('Hub');
    expect(at(hub, 'properties', 'managedNetwork', 'isolationMode')).toBe('Disabled');
  });

  it('has computes with public IP and SSH, one without idle shutdown and a compliant one', () => {
    const computes = seed.resources.filter((r) => r.type === `${WS}/computes`);
    const inner = (r: SeedResource): unknown => at(r, 'properties', 'properties');
    expect(
      computes.some(
        (c) =>
          at(inner(c), 'enableNodePublicIp') === true &&
          at(inner(c), 'sshSettings', 'sshPublicAccess') === 'Enabled',
      ),
    ).toBe(true);
    expect(
      computes.some(
        (c) =>
          at(c, 'properties', 'computeType') === 'AmlCompute' &&
          at(inner(c), 'remoteLoginPortPublicAccess') === 'Enabled',
      ),
    ).toBe(true);
    expect(
      computes.some(
        (c) =>
          at(c, 'properties', 'computeType') === 'ComputeInstance' &&
          at(inner(c), 'idleTimeBeforeShutdown') === undefined,
      ),
    ).toBe(true);
    const compliant = computes.filter(
      (c) =>
        at(inner(c), 'enableNodePublicIp') === false &&
        at(c, 'properties', 'disableLocalAuth') === true &&
        at(c, 'identity', 'type') === 'SystemAssigned' &&
        (at(inner(c), 'sshSettings', 'sshPublicAccess') === 'Disabled' ||
          at(inner(c), 'remoteLoginPortPublicAccess') === 'Disabled'),
    );
    expect(compliant.length).toBeGreaterThanOrEqual(1);
  });

  it('has a key-auth public online endpoint', () => {
    const endpoints = seed.resources.filter((r) => r.type === `${WS}/onlineEndpoints`);
    expect(
      endpoints.some(
        (e) =>
          at(e, 'properties', 'authMode') === 'Key' &&
          at(e, 'properties', 'publicNetworkAccess') === 'Enabled',
      ),
    ).toBe(true);
  });

  it('has a public vault without purge protection and a compliant RBAC vault', () => {
    const legacy = byName(seed, 'Microsoft.KeyVault/vaults', INSECURE_ESTATE.vaults.legacy);
    expect(at(legacy, 'properties', 'enablePurgeProtection')).toBeUndefined();
    expect(at(legacy, 'properties', 'publicNetworkAccess')).toBe('Enabled');
    expect(at(legacy, 'properties', 'enableRbacAuthorization')).toBe(false);
    const secure = byName(seed, 'Microsoft.KeyVault/vaults', INSECURE_ESTATE.vaults.secure);
    expect(at(secure, 'properties', 'enablePurgeProtection')).toBe(true);
    expect(at(secure, 'properties', 'enableRbacAuthorization')).toBe(true);
  });

  it('has secrets without expiry, near expiry, expired and compliant', () => {
    const exps = seed.secrets.map((s) => s.attributes.exp);
    expect(exps).toContain(undefined);
    expect(exps.some((e) => typeof e === 'number' && e > NOW_S && e < NOW_S + 30 * DAY)).toBe(true);
    expect(exps.some((e) => typeof e === 'number' && e < NOW_S)).toBe(true);
    expect(exps.some((e) => typeof e === 'number' && e > NOW_S + 90 * DAY)).toBe(true);
  });

  it('has weak and compliant storage, a keyed public OpenAI account, and a NIC with its public IP', () => {
    const legacy = byName(
      seed,
      'Microsoft.Storage/storageAccounts',
      INSECURE_ESTATE.storageAccounts.legacy,
    );
    expect(at(legacy, 'properties', 'minimumTlsVersion')).toBe('TLS1_0');
    expect(at(legacy, 'properties', 'allowBlobPublicAccess')).toBe(true);
    expect(at(legacy, 'properties', 'allowSharedKeyAccess')).toBe(true);
    const secure = byName(
      seed,
      'Microsoft.Storage/storageAccounts',
      INSECURE_ESTATE.storageAccounts.secure,
    );
    expect(at(secure, 'properties', 'minimumTlsVersion')).toBe('TLS1_2');
    const oai = byName(seed, 'Microsoft.CognitiveServices/accounts', INSECURE_ESTATE.openAi.public);
    expect(oai.kind).toBe('OpenAI');
    expect(at(oai, 'properties', 'disableLocalAuth')).toBe(false);
    expect(at(oai, 'properties', 'publicNetworkAccess')).toBe('Enabled');
    const nic = byName(seed, 'Microsoft.Network/networkInterfaces', 'nic-jumpbox');
    const pipId = at(
      (at(nic, 'properties', 'ipConfigurations') as unknown[])[0],
      'properties',
      'publicIPAddress',
      'id',
    );
    const pip = seed.resources.find((r) => r.id === pipId);
    expect(pip?.type).toBe('Microsoft.Network/publicIPAddresses');
    expect(at(pip, 'properties', 'ipConfiguration', 'id')).toBe(
      `${nic.id}/ipConfigurations/ipconfig1`,
    );
  });

  it('has diagnostic settings on some resources, pointing at its Log Analytics workspace', () => {
    const logs = byName(
      seed,
      'Microsoft.OperationalInsights/workspaces',
      INSECURE_ESTATE.logAnalytics,
    );
    const settings = seed.resources.filter(
      (r) => r.type === 'Microsoft.Insights/diagnosticSettings',
    );
    expect(settings.length).toBeGreaterThan(2);
    for (const setting of settings) expect(at(setting, 'properties', 'workspaceId')).toBe(logs.id);
    const covered = new Set(
      settings.map((s) => s.id.split('/providers/Microsoft.Insights/')[0]?.toLowerCase()),
    );
    const legacyVault = byName(seed, 'Microsoft.KeyVault/vaults', INSECURE_ESTATE.vaults.legacy);
    expect(covered.has(legacyVault.id.toLowerCase())).toBe(false);
    const vnet = byName(seed, 'Microsoft.Network/virtualNetworks', INSECURE_ESTATE.vnet);
    expect(JSON.stringify(vnet)).toContain(INSECURE_ESTATE.privateEndpointSubnet);
  });
});

describe('loadSeedFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-seed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads JSON and YAML seeds into the same estate', async () => {
    const seed = insecureEstate({ now: NOW });
    await writeFile(join(dir, 'estate.json'), JSON.stringify(seed));
    await writeFile(join(dir, 'estate.yaml'), stringify(seed));
    const fromJson = await loadSeedFile(join(dir, 'estate.json'));
    const fromYaml = await loadSeedFile(join(dir, 'estate.yaml'));
    expect(fromJson).toEqual(seed);
    expect(fromYaml).toEqual(seed);
  });

  it('names the file and the path of a schema error', async () => {
    const seed = insecureEstate({ now: NOW });
    const broken = { ...seed, resources: [{ ...seed.resources[0], id: 'not-an-id' }] };
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const error = await loadSeedFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).code).toBe('SEED_INVALID');
    expect((error as SeedError).message).toContain(file);
    expect((error as SeedError).message).toContain(
      'resources[0].id: must be a full ARM resource id',
    );
  });

  it('rejects a secret in a vault the seed does not hold, and duplicate ids', async () => {
    const seed = insecureEstate({ now: NOW });
    const first = seed.resources[0]!;
    const broken = {
      ...seed,
      resources: [...seed.resources, first],
      secrets: [{ vault: 'kv-missing', name: 'x', attributes: {} }],
    };
    const file = join(dir, 'inconsistent.yaml');
    await writeFile(file, stringify(broken));
    const error = await loadSeedFile(file).catch((e: unknown) => e);
    expect((error as SeedError).message).toMatch(
      /secrets\[0\]\.vault: no Microsoft\.KeyVault\/vaults resource named kv-missing/,
    );
    expect((error as SeedError).message).toContain(`duplicate id ${first.id}`);
  });

  it('reports unreadable files and unparsable text', async () => {
    const missing = await loadSeedFile(join(dir, 'absent.json')).catch((e: unknown) => e);
    expect((missing as SeedError).code).toBe('SEED_UNREADABLE');
    const file = join(dir, 'garbled.json');
    await writeFile(file, '{"tenantId": ');
    const garbled = await loadSeedFile(file).catch((e: unknown) => e);
    expect((garbled as SeedError).code).toBe('SEED_INVALID');
    expect((garbled as SeedError).message).toContain('not valid JSON');
  });
});
