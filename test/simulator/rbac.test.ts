import https from 'node:https';
import { ResourceManagementClient } from '@azure/arm-resources';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SimulatorCredential,
  simulatorClientOptions,
  startSimulator,
  type Simulator,
} from '../../src/simulator';
import { WARD_ROLE_NAME, wardRemediatorRole } from '../../src/simulator/rbac/infra-role';
import { permissionMatches, scopeCovers } from '../../src/simulator/rbac/match';
import { providerId } from '../../src/simulator/seed/ids';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { Seed } from '../../src/simulator/seed/format';
import { SeedError } from '../../src/simulator/seed/load';
import { restError } from './support/errors';

const N = INSECURE_ESTATE;
const PROD = N.subscriptions.prod;
const RESEARCH = N.subscriptions.research;
const WARD = '0a0a0a0a-0000-4000-8000-0000000000a1';
const NOBODY = '0a0a0a0a-0000-4000-8000-0000000000a2';
const DIAGNOSTICS_ONLY = '0a0a0a0a-0000-4000-8000-0000000000a3';
const RESEARCH_READER = '0a0a0a0a-0000-4000-8000-0000000000a4';
const NETWORK_WRITER = '0a0a0a0a-0000-4000-8000-0000000000a5';

const shared = (provider: string, ...segments: string[]): string =>
  providerId(PROD, N.resourceGroups.shared, provider, ...segments);
const prod = (provider: string, ...segments: string[]): string =>
  providerId(PROD, N.resourceGroups.prod, provider, ...segments);
const WORKSPACE_ID = shared('Microsoft.OperationalInsights', 'workspaces', N.logAnalytics);
const VAULT_ID = prod('Microsoft.KeyVault', 'vaults', N.vaults.legacy);

function seed(): Seed {
  const estate = insecureEstate({ now: new Date() });
  return {
    ...estate,
    roleDefinitions: [
      {
        name: 'diagnostics writer',
        actions: ['Microsoft.Insights/diagnosticSettings/*', '*/read'],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
      {
        name: 'nic writer without joins',
        actions: ['Microsoft.Network/networkInterfaces/*', 'Microsoft.Network/*/join/action'],
        notActions: ['Microsoft.Network/loadBalancers/*'],
        dataActions: [],
        notDataActions: [],
      },
    ],
    roleAssignments: [
      { principalId: WARD, role: WARD_ROLE_NAME, scope: `/subscriptions/${PROD}` },
      {
        principalId: DIAGNOSTICS_ONLY,
        role: 'diagnostics writer',
        scope: `/subscriptions/${PROD}/resourceGroups/${N.resourceGroups.prod}`,
      },
      { principalId: RESEARCH_READER, role: 'Reader', scope: `/subscriptions/${RESEARCH}` },
      { principalId: NETWORK_WRITER, role: 'nic writer without joins', scope: '/' },
    ],
  };
}

describe('simulator RBAC seen by the real Azure SDK clients', () => {
  let sim: Simulator;
  const credential = (oid: string) => new SimulatorCredential({ oid, appid: oid, name: oid });

  beforeAll(async () => {
    sim = await startSimulator({ seed: seed(), rbac: { roles: [wardRemediatorRole()] } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('refuses a principal without an assignment: 403 AuthorizationFailed naming the action and scope', async () => {
    const arm = new ResourceManagementClient(credential(NOBODY), PROD, simulatorClientOptions(sim));
    const error = await restError(arm.resources.getById(VAULT_ID, '2025-05-01'));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('AuthorizationFailed');
    expect(error.message).toBe(
      `The client '${NOBODY}' with object id '${NOBODY}' does not have authorization to perform action 'Microsoft.KeyVault/vaults/read' over scope '${VAULT_ID}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
  });

  it('lets ward read what its role grants, inherited from the subscription, and nothing outside it', async () => {
    const arm = new ResourceManagementClient(credential(WARD), PROD, simulatorClientOptions(sim));
    const vault = await arm.resources.getById(VAULT_ID, '2025-05-01');
    expect(vault.name).toBe(N.vaults.legacy);
    // The role has no write on resource groups, and nothing in the research subscription.
    const write = await restError(
      arm.resourceGroups.createOrUpdate('rg-new', { location: 'westeurope' }),
    );
    expect([write.statusCode, write.code]).toEqual([403, 'AuthorizationFailed']);
    const elsewhere = await restError(
      arm.resources.getById(
        providerId(
          RESEARCH,
          N.resourceGroups.research,
          'Microsoft.KeyVault',
          'vaults',
          N.vaults.research,
        ),
        '2025-05-01',
      ),
    );
    expect(elsewhere.code).toBe('AuthorizationFailed');
  });

  it('refuses a diagnostic setting to a workspace the caller lacks sharedKeys/action on: 403 LinkedAuthorizationFailed', async () => {
    const monitor = new MonitorClient(
      credential(DIAGNOSTICS_ONLY),
      PROD,
      simulatorClientOptions(sim),
    );
    const error = await restError(
      monitor.diagnosticSettings.createOrUpdate(VAULT_ID, 'to-logs', {
        workspaceId: WORKSPACE_ID,
        logs: [{ category: 'AuditEvent', enabled: true }],
      }),
    );
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('LinkedAuthorizationFailed');
    expect(error.message).toBe(
      `The client '${DIAGNOSTICS_ONLY}' with object id '${DIAGNOSTICS_ONLY}' has permission to perform action 'Microsoft.Insights/diagnosticSettings/write' on scope '${VAULT_ID}/providers/Microsoft.Insights/diagnosticSettings/to-logs'; however, it does not have permission to perform action 'Microsoft.OperationalInsights/workspaces/sharedKeys/action' on the linked scope(s) '${WORKSPACE_ID}' or the linked scope(s) are invalid.`,
    );
    expect(
      sim.state.has(`${VAULT_ID}/providers/Microsoft.Insights/diagnosticSettings/to-logs`),
    ).toBe(false);
    // ward's role holds sharedKeys/action on the subscription: the same write succeeds.
    const ward = new MonitorClient(credential(WARD), PROD, simulatorClientOptions(sim));
    const created = await ward.diagnosticSettings.createOrUpdate(VAULT_ID, 'to-logs', {
      workspaceId: WORKSPACE_ID,
      logs: [{ category: 'AuditEvent', enabled: true }],
    });
    expect(created.workspaceId).toBe(WORKSPACE_ID);
  });

  it('checks the join on every NIC reference: a load balancer pool the role excludes fails the PUT', async () => {
    const network = new NetworkManagementClient(
      credential(NETWORK_WRITER),
      PROD,
      simulatorClientOptions(sim),
    );
    const nic = await network.networkInterfaces.get(N.resourceGroups.prod, 'nic-jumpbox');
    const error = await restError(
      network.networkInterfaces.beginCreateOrUpdateAndWait(
        N.resourceGroups.prod,
        'nic-jumpbox',
        nic,
        {
          updateIntervalInMs: 10,
        },
      ),
    );
    expect(error.code).toBe('LinkedAuthorizationFailed');
    expect(error.message).toContain(
      "perform action 'Microsoft.Network/loadBalancers/backendAddressPools/join/action' on the linked scope(s) '",
    );
    expect(error.message).toContain('/loadBalancers/lb-jumpbox/backendAddressPools/pool-jumpbox');
  });

  it('filters Resource Graph to the rows the caller may read', async () => {
    const agent = new https.Agent({ ca: sim.ca });
    try {
      const graph = new ResourceGraphClient(credential(RESEARCH_READER), {
        baseUri: sim.armUrl,
        agentSettings: { https: agent, http: agent },
      });
      const answer = await graph.resources({
        query: 'resources | project id, subscriptionId',
        subscriptions: [PROD, RESEARCH],
      });
      const rows = answer.data as { subscriptionId: string }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.subscriptionId))).toEqual(new Set([RESEARCH]));
    } finally {
      agent.destroy();
    }
  });

  it('answers Key Vault data-plane requests by the vault permission model, with its Forbidden bodies', async () => {
    const vaultUrl = (name: string) => sim.vaultUriFor(name);
    const client = (oid: string, vault: string) =>
      new SecretClient(vaultUrl(vault), credential(oid), {
        tlsOptions: { ca: sim.ca },
        disableChallengeResourceVerification: true,
      });
    // kv-ml-prod-secure uses RBAC: ward's role has readMetadata, not getSecret.
    const listed = [];
    for await (const p of client(WARD, N.vaults.secure).listPropertiesOfSecrets())
      listed.push(p.name);
    expect(listed.length).toBeGreaterThan(0);
    const value = await restError(client(WARD, N.vaults.secure).getSecret('model-registry-token'));
    expect(value.statusCode).toBe(403);
    expect(value.code).toBe('Forbidden');
    expect(value.message).toContain("Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'");
    expect(value.message).toContain('Assignment: (not found)');
    // kv-ml-prod-legacy uses access policies: no policy for ward, whatever its role says.
    const legacy = await restError(client(WARD, N.vaults.legacy).getSecret('sql-admin-password'));
    expect(legacy.statusCode).toBe(403);
    expect(legacy.message).toContain('does not have secrets get permission on key vault');
  });

  it('lists what the caller holds at a scope through the permissions API', async () => {
    const arm = new ResourceManagementClient(credential(WARD), PROD, simulatorClientOptions(sim));
    let text = '';
    await arm.resources.getById(
      `${WORKSPACE_ID}/providers/Microsoft.Authorization/permissions`.replace(/^\//, ''),
      '2022-04-01',
      { onResponse: (r) => (text = r.bodyAsText ?? '') },
    );
    const body = JSON.parse(text) as { value: { actions: string[] }[] };
    expect(body.value).toHaveLength(1);
    expect(body.value[0]?.actions).toContain(
      'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
    );
  });

  it('changes nothing without the flag: an unassigned principal may do everything', async () => {
    const open = await startSimulator({ seed: seed() });
    try {
      const arm = new ResourceManagementClient(
        credential(NOBODY),
        PROD,
        simulatorClientOptions(open),
      );
      const vault = await arm.resources.getById(VAULT_ID, '2025-05-01');
      expect(vault.name).toBe(N.vaults.legacy);
    } finally {
      await open.stop();
    }
  });

  it('refuses a seed assigning a role that does not exist, naming it', async () => {
    await expect(
      startSimulator({
        seed: { ...seed(), roleAssignments: [{ principalId: WARD, role: 'Ownr', scope: '/' }] },
        rbac: true,
        plugins: [],
      }),
    ).rejects.toThrow(SeedError);
  });
});

describe('RBAC matching', () => {
  it('compares operations case-insensitively with * wildcards', () => {
    expect(permissionMatches('*/read', 'Microsoft.Network/networkInterfaces/read')).toBe(true);
    expect(
      permissionMatches(
        'Microsoft.KeyVault/vaults/secrets/*',
        'microsoft.keyvault/vaults/secrets/getSecret/action',
      ),
    ).toBe(true);
    expect(
      permissionMatches(
        'Microsoft.Network/*/join/action',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
      ),
    ).toBe(true);
    expect(
      permissionMatches(
        'Microsoft.Network/networkInterfaces/read',
        'Microsoft.Network/networkInterfaces/write',
      ),
    ).toBe(false);
    expect(
      permissionMatches(
        'Microsoft.Network/publicIPAddresses/read',
        'Microsoft.Network/publicIPAddresses/readX',
      ),
    ).toBe(false);
  });

  it('inherits an assignment by every scope below it, and only below it', () => {
    expect(
      scopeCovers('/subscriptions/A', '/subscriptions/a/resourceGroups/rg/providers/x/y/z'),
    ).toBe(true);
    expect(
      scopeCovers('/subscriptions/A/resourceGroups/rg', '/subscriptions/A/resourceGroups/rg2'),
    ).toBe(false);
    expect(scopeCovers('/', '/subscriptions/B')).toBe(true);
  });
});
