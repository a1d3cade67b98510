import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureClients } from '../../src/azure/clients';
import { armGet, listArmSecrets } from '../../src/readers';
import type { Simulator } from '../../src/simulator';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';
import { ipRuleMatches } from '../../src/simulator/keyvault/network-rules';
import { simulatorClients, startSimulatorHarness, WARD_PRINCIPAL_ID } from '../support/simulator';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const SUB = '6b085460-5f21-477e-ba44-1035046e9101';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-ward`;
const APP_SUBNET = `${VNET}/subnets/snet-app`;
const PE_SUBNET = `${VNET}/subnets/snet-pe`;
/** A principal calling from the app subnet (VNet integration), without a public address. */
const VNET_APP = 'c0c0c0c0-0000-4000-8000-0000000000cc';
/** A principal the seed does not place: not network-checked. */
const UNDECLARED = 'd0d0d0d0-0000-4000-8000-0000000000dd';

function vault(name: string, network: Record<string, unknown>): SeedResource {
  return {
    id: `${RG}/providers/Microsoft.KeyVault/vaults/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults',
    location: 'westeurope',
    properties: {
      tenantId: TENANT,
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
      vaultUri: `https://${name}.vault.azure.net/`,
      ...network,
    },
  };
}

const OPEN = { publicNetworkAccess: 'Enabled', networkAcls: { defaultAction: 'Allow' } };
const CLOSED = { publicNetworkAccess: 'Disabled' };
const FIREWALL = {
  publicNetworkAccess: 'Enabled',
  networkAcls: {
    bypass: 'AzureServices',
    defaultAction: 'Deny',
    ipRules: [{ value: '198.51.100.0/24' }],
    virtualNetworkRules: [{ id: APP_SUBNET }],
  },
};

function seed(): Seed {
  const vaults = [
    vault('kv-open', OPEN),
    vault('kv-closed', CLOSED),
    vault('kv-firewall', FIREWALL),
    vault('kv-private', CLOSED),
  ];
  const endpoint: SeedResource = {
    id: `${RG}/providers/Microsoft.Network/privateEndpoints/pe-kv-private`,
    name: 'pe-kv-private',
    type: 'Microsoft.Network/privateEndpoints',
    location: 'westeurope',
    properties: {
      subnet: { id: PE_SUBNET },
      privateLinkServiceConnections: [
        {
          name: 'kv-private',
          properties: {
            privateLinkServiceId: `${RG}/providers/Microsoft.KeyVault/vaults/kv-private`,
            groupIds: ['vault'],
            privateLinkServiceConnectionState: { status: 'Approved' },
          },
        },
      ],
    },
  };
  return {
    tenantId: TENANT,
    subscriptions: [{ subscriptionId: SUB, displayName: 'net' }],
    resources: [...vaults, endpoint],
    secrets: vaults.map((v) => ({
      vault: v.name,
      name: 'db-password',
      attributes: { enabled: true, exp: 1_900_000_000, created: 1_700_000_000 },
      tags: { owner: 'data-science' },
      contentType: 'text/plain',
    })),
    callers: [
      { principalId: WARD_PRINCIPAL_ID, sourceIp: '203.0.113.10' },
      { principalId: VNET_APP, subnetId: APP_SUBNET },
    ],
  };
}

let sim: Simulator;
let ward: AzureClients;
let vnetApp: AzureClients;
let undeclared: AzureClients;

beforeAll(async () => {
  const harness = await startSimulatorHarness(seed());
  sim = harness.sim;
  ward = harness.clients;
  const as = (oid: string): AzureClients =>
    simulatorClients(sim, harness.seed, { oid, name: oid }, { retryOptions: { maxRetries: 0 } });
  vnetApp = as(VNET_APP);
  undeclared = as(UNDECLARED);
});
afterAll(async () => {
  await sim.stop();
});

function vaultUrl(name: string): string {
  const uri = sim.state.get(`${RG}/providers/Microsoft.KeyVault/vaults/${name}`)?.properties
    ?.vaultUri;
  if (typeof uri !== 'string') throw new Error(`no vault ${name}`);
  return uri;
}

async function listNames(clients: AzureClients, name: string): Promise<string[]> {
  const client = await clients.secrets(vaultUrl(name));
  const names: string[] = [];
  for await (const secret of client.listPropertiesOfSecrets()) names.push(secret.name);
  return names;
}

async function refusal(clients: AzureClients, name: string): Promise<unknown> {
  return listNames(clients, name).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('Key Vault data plane: publicNetworkAccess and networkAcls', () => {
  it('refuses a caller outside the allowed networks with ForbiddenByFirewall', async () => {
    for (const name of ['kv-closed', 'kv-firewall', 'kv-private']) {
      expect(await refusal(ward, name), name).toMatchObject({ statusCode: 403 });
      // A single GET's error carries Key Vault's message (the pager's does not).
      const client = await ward.secrets(vaultUrl(name));
      const error = await client.getSecret('db-password').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toMatchObject({ statusCode: 403, code: 'Forbidden' });
      const message = (error as Error).message;
      expect(message).toContain(
        'Client address is not authorized and caller is not a trusted service.',
      );
      expect(message).toContain('Client address: 203.0.113.10');
      expect(message).toContain(`oid=${WARD_PRINCIPAL_ID}`);
      expect(message).toContain(`Vault: ${name};location=westeurope`);
    }
  });

  it('answers with Key Vault’s own error body, inner error included', async () => {
    const url = `${vaultUrl('kv-closed')}secrets?api-version=2025-07-01`;
    const token = await new (await import('../../src/simulator')).SimulatorCredential({
      oid: WARD_PRINCIPAL_ID,
      tid: TENANT,
    }).getToken('https://vault.azure.net/.default');
    const { request } = await import('node:https');
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        url,
        { ca: sim.ca, headers: { authorization: `Bearer ${token.token}` } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => {
            expect(res.statusCode).toBe(403);
            resolve(text);
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toEqual({
      error: {
        code: 'Forbidden',
        message:
          'Client address is not authorized and caller is not a trusted service.\r\n' +
          `Client address: 203.0.113.10\r\nCaller: oid=${WARD_PRINCIPAL_ID};iss=https://sts.windows.net/${TENANT}/\r\n` +
          'Vault: kv-closed;location=westeurope',
        innererror: { code: 'ForbiddenByFirewall' },
      },
    });
  });

  it('admits the firewall’s networks, a private endpoint in the caller’s network, and open vaults', async () => {
    expect(await listNames(ward, 'kv-open')).toEqual(['db-password']);
    // The app subnet is one of kv-firewall's virtual network rules.
    expect(await listNames(vnetApp, 'kv-firewall')).toEqual(['db-password']);
    // kv-private has public access off, but a private endpoint in vnet-ward.
    expect(await listNames(vnetApp, 'kv-private')).toEqual(['db-password']);
    // Public access off and no endpoint in the caller's network: refused.
    expect(await refusal(vnetApp, 'kv-closed')).toMatchObject({ statusCode: 403 });
    // A principal the seed does not place is not network-checked.
    expect(await listNames(undeclared, 'kv-closed')).toEqual(['db-password']);
  });

  it('follows the vault as it changes: a new ip rule admits at once', async () => {
    const id = `${RG}/providers/Microsoft.KeyVault/vaults/kv-firewall`;
    const before = sim.state.get(id);
    if (!before) throw new Error('no kv-firewall');
    expect(await refusal(ward, 'kv-firewall')).toMatchObject({ statusCode: 403 });
    sim.state.put({
      ...before,
      properties: {
        ...before.properties,
        networkAcls: { ...FIREWALL.networkAcls, ipRules: [{ value: '203.0.113.10' }] },
      },
    });
    try {
      expect(await listNames(ward, 'kv-firewall')).toEqual(['db-password']);
    } finally {
      sim.state.put(before);
    }
  });

  it('matches ip rules as single addresses and CIDR ranges', () => {
    expect(ipRuleMatches('198.51.100.0/24', '198.51.100.77')).toBe(true);
    expect(ipRuleMatches('198.51.100.0/24', '198.51.101.1')).toBe(false);
    expect(ipRuleMatches('203.0.113.10', '203.0.113.10')).toBe(true);
    expect(ipRuleMatches('203.0.113.10', '203.0.113.11')).toBe(false);
    expect(ipRuleMatches('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(ipRuleMatches('not-an-address', '8.8.8.8')).toBe(false);
  });
});

describe('ARM’s view of a vault’s secrets (Microsoft.KeyVault/vaults/secrets)', () => {
  const example = JSON.parse(
    readFileSync(new URL('../fixtures/examples/keyvault-arm-secret.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

  function shape(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return typeof value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, shape(inner)]),
    );
  }

  it('answers get and list past the firewall that refuses the data plane, without values', async () => {
    const vaultId = `${RG}/providers/Microsoft.KeyVault/vaults/kv-closed`;
    const client = await ward.resources(SUB);
    const got = await armGet(client, `${vaultId}/secrets/db-password`, '2025-05-01');
    if (!got.found) throw new Error('expected the secret');
    const body = got.body as Record<string, unknown>;
    expect(body).toMatchObject({
      id: `${vaultId}/secrets/db-password`,
      name: 'db-password',
      type: 'Microsoft.KeyVault/vaults/secrets',
      location: 'westeurope',
      tags: { owner: 'data-science' },
      properties: {
        attributes: { enabled: true, exp: 1_900_000_000, created: 1_700_000_000 },
        contentType: 'text/plain',
        secretUri: `${vaultUrl('kv-closed')}secrets/db-password`,
      },
    });
    expect(JSON.stringify(body)).not.toContain('simulated-secret-value');
    // The example's fields, each with the example's JSON type (plus exp, content type and tags).
    const { tags: _tags, ...rest } = body;
    const props = rest.properties as Record<string, unknown>;
    const { contentType: _ct, ...plainProps } = props;
    const { exp: _exp, ...plainAttributes } = plainProps.attributes as Record<string, unknown>;
    expect(shape({ ...rest, properties: { ...plainProps, attributes: plainAttributes } })).toEqual(
      shape(example),
    );

    const listed = await listArmSecrets(client, vaultId);
    expect(listed.map((s) => s.name)).toEqual(['db-password']);
    expect(listed[0]?.properties.secretUriWithVersion).toBe(
      (body.properties as { secretUriWithVersion: string }).secretUriWithVersion,
    );
  });

  it('pages the list with nextLink and refuses an unknown api-version as ARM does', async () => {
    const vaultId = `${RG}/providers/Microsoft.KeyVault/vaults/kv-open`;
    const data = await ward.secrets(vaultUrl('kv-open'));
    for (let i = 0; i < 30; i += 1) await data.setSecret(`bulk-${String(i).padStart(2, '0')}`, 'x');
    const client = await ward.resources(SUB);
    const listed = await listArmSecrets(client, vaultId);
    expect(listed).toHaveLength(31);
    expect(new Set(listed.map((s) => s.name)).size).toBe(31);
    await expect(armGet(client, `${vaultId}/secrets`, '2019-01-01')).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(await armGet(client, `${vaultId}/secrets/never-created`, '2025-05-01')).toEqual({
      found: false,
    });
  });
});
