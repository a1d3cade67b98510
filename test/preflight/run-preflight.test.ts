import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { armReader } from '../../src/preflight/arm-read';
import type { PreflightInput } from '../../src/preflight/context';
import { runPreflight, type PreflightResult } from '../../src/preflight/run-preflight';
import type { PreflightCheck } from '../../src/preflight/types';
import { SimulatorCredential, startSimulator, type Simulator } from '../../src/simulator';
import { wardRemediatorRole } from '../../src/simulator/rbac/infra-role';
import { DEPLOYER, PF, READY, TENANT, UNREADY, WARD, preflightSeed } from './preflight-seed';

describe('ward preflight checks against the simulator through the real SDK pipeline', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ seed: preflightSeed(), rbac: { roles: [wardRemediatorRole()] } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  async function run(
    oid: string,
    input: Omit<PreflightInput, 'callerObjectId' | 'events'> & Partial<PreflightInput>,
  ): Promise<PreflightResult> {
    const clients = createAzureClients({
      credential: new SimulatorCredential({ oid, tid: TENANT }),
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      throttle: new ThrottleBuckets(),
    });
    return runPreflight(
      { events: 'subscription', callerObjectId: oid, ...input },
      { reader: async (s) => armReader(await clients.resources(s), clients.armEndpoint) },
    );
  }

  function find(result: PreflightResult, id: string, scope: string): PreflightCheck {
    const check = result.checks.find((c) => c.id === id && c.scope === scope);
    if (!check) throw new Error(`no ${id} check for ${scope}: ${JSON.stringify(result.checks)}`);
    return check;
  }

  describe('as the deploying identity', () => {
    let result: PreflightResult;
    beforeAll(async () => {
      result = await run(DEPLOYER, {
        subscriptions: [READY, UNREADY],
        vaultIds: [PF.readyVault, PF.closedVault, PF.firewalledVault],
        workspaceId: PF.readyLogs,
        events: 'arn',
        wardPrincipalId: WARD,
      });
    });

    it('reads everything it needs', () => {
      expect(result.unreadable).toEqual([]);
    });

    it('providers: registered is ok, not registered says the az provider register command', () => {
      expect(find(result, 'provider-eventgrid', `/subscriptions/${READY}`).status).toBe('ok');
      expect(find(result, 'provider-resourcenotifications', `/subscriptions/${READY}`).status).toBe(
        'ok',
      );
      expect(find(result, 'provider-eventgrid', `/subscriptions/${UNREADY}`)).toMatchObject({
        status: 'fix',
        fix: `az provider register --namespace Microsoft.EventGrid --subscription ${UNREADY} --wait`,
      });
      expect(
        find(result, 'provider-resourcenotifications', `/subscriptions/${UNREADY}`),
      ).toMatchObject({
        status: 'fix',
        fix: `az provider register --namespace Microsoft.ResourceNotifications --subscription ${UNREADY} --wait`,
      });
    });

    it('ARN providers are checked only with --events arn', async () => {
      const plain = await run(DEPLOYER, { subscriptions: [UNREADY], vaultIds: [] });
      expect(plain.checks.map((c) => c.id)).not.toContain('provider-resourcenotifications');
    });

    it("the subscription's existing system topic gives the parameters to pass; none lets the template create it", () => {
      expect(find(result, 'subscription-topic', `/subscriptions/${READY}`)).toMatchObject({
        status: 'ok',
        fix: 'pass existingSystemTopicName=sub-events existingSystemTopicResourceGroup=rg-platform to infra/subscription.json',
      });
      const none = find(result, 'subscription-topic', `/subscriptions/${UNREADY}`);
      expect(none.status).toBe('ok');
      expect(none.detail).toContain(`'ward-${UNREADY}' in resource group 'rg-ward-events'`);
      expect(none.fix).toBe(
        'pass neither existingSystemTopicName nor existingSystemTopicResourceGroup',
      );
    });

    it('deploy permissions: an Owner is ok, a Reader is told which actions it lacks', () => {
      expect(find(result, 'deploy-permissions', `/subscriptions/${READY}`).status).toBe('ok');
      const reader = find(result, 'deploy-permissions', `/subscriptions/${UNREADY}`);
      expect(reader.status).toBe('fix');
      expect(reader.detail).toContain('Microsoft.Authorization/roleDefinitions/write');
      // No topic there: creating one is needed too.
      expect(reader.detail).toContain('Microsoft.EventGrid/systemTopics/write');
      expect(reader.fix).toContain(`--scope /subscriptions/${UNREADY}`);
    });

    it('ARN (--events arn): the topic the template creates and the subscribe permission a Reader lacks', () => {
      const ready = find(result, 'resource-notifications', `/subscriptions/${READY}`);
      expect(ready.status).toBe('ok');
      expect(ready.detail).toContain(`creates 'ward-arn-${READY}'`);
      const reader = find(result, 'resource-notifications', `/subscriptions/${UNREADY}`);
      expect(reader.status).toBe('fix');
      expect(reader.detail).toContain(
        'lacks Microsoft.ResourceNotifications/systemTopics/subscribeToResources/action',
      );
      expect(reader.fix).toContain(`--scope /subscriptions/${UNREADY}`);
    });

    it("ward's identity, when it is not the caller, is not checked and the check says how to look", () => {
      const ward = find(result, 'ward-permissions', `/subscriptions/${READY}`);
      expect(ward.status).toBe('ok');
      expect(ward.detail).toMatch(
        /^not checked: ARM's permissions API answers only for the signed-in identity/,
      );
      expect(ward.fix).toContain(
        `az role assignment list --assignee ${WARD} --scope /subscriptions/${READY}`,
      );
    });

    it("a vault's existing topic gives its parameters, and a topic in another region than its vault needs a fix", () => {
      expect(find(result, 'vault-topic', PF.readyVault)).toMatchObject({
        status: 'ok',
        fix: 'pass existingSystemTopicName=kv-ready-0f3c2a to infra/keyvault-events.json',
      });
      expect(find(result, 'vault-region', PF.readyVault).status).toBe('ok');
      expect(find(result, 'vault-topic', PF.closedVault).fix).toBe(
        'pass existingSystemTopicName=kv-closed-events existingSystemTopicResourceGroup=rg-events to infra/keyvault-events.json',
      );
      const region = find(result, 'vault-region', PF.closedVault);
      expect(region.status).toBe('fix');
      expect(region.detail).toContain(
        "the vault is in 'northeurope' but its system topic 'kv-closed-events' is in 'westeurope'",
      );
      const none = find(result, 'vault-region', PF.firewalledVault);
      expect(none).toMatchObject({ status: 'ok' });
      expect(none.detail).toContain(
        "the vault is in 'northeurope': the new system topic goes there",
      );
    });

    it('vault network: open is ok; public access disabled or a deny-by-default firewall refuses the data plane while ARM metadata reads still work', () => {
      expect(find(result, 'vault-network', PF.readyVault).status).toBe('ok');
      const closed = find(result, 'vault-network', PF.closedVault);
      expect(closed.status).toBe('fix');
      expect(closed.detail).toContain('publicNetworkAccess is Disabled');
      expect(closed.detail).toContain('ForbiddenByFirewall');
      expect(closed.detail).toContain('ARM metadata reads');
      const firewalled = find(result, 'vault-network', PF.firewalledVault);
      expect(firewalled.status).toBe('fix');
      expect(firewalled.detail).toContain('networkAcls.defaultAction is Deny (1 IP rule');
      expect(firewalled.fix).toContain(
        'az keyvault network-rule add -g rg-unready -n kv-firewalled --ip-address',
      );
    });

    it("vault access model: RBAC is ok; access policies without ward's say the set-policy command", () => {
      expect(find(result, 'vault-authorization', PF.readyVault).status).toBe('ok');
      expect(find(result, 'vault-authorization', PF.closedVault)).toMatchObject({
        status: 'fix',
        fix: `az keyvault set-policy -n kv-closed --object-id ${WARD} --secret-permissions list set`,
      });
    });

    it("vault deploy permissions follow the caller's role in the vault's resource group", () => {
      expect(find(result, 'vault-deploy-permissions', PF.readyVault).status).toBe('ok');
      const reader = find(result, 'vault-deploy-permissions', PF.closedVault);
      expect(reader.status).toBe('fix');
      expect(reader.detail).toContain('Microsoft.Resources/deployments/write');
    });

    it('the workspace is readable, and in a watched subscription the role covers sharedKeys', () => {
      expect(find(result, 'workspace', PF.readyLogs).status).toBe('ok');
      expect(find(result, 'workspace-shared-keys', PF.readyLogs).status).toBe('ok');
    });

    it('a vault or workspace outside the watched subscriptions needs a fix', async () => {
      const only = await run(DEPLOYER, {
        subscriptions: [READY],
        vaultIds: [PF.firewalledVault],
        workspaceId: PF.unreadyLogs,
      });
      expect(find(only, 'vault-role-scope', PF.firewalledVault).status).toBe('fix');
      const keys = find(only, 'workspace-shared-keys', PF.unreadyLogs);
      expect(keys.status).toBe('fix');
      expect(keys.detail).toContain('LinkedAuthorizationFailed');
      expect(keys.fix).toContain(`--role "Log Analytics Contributor" --scope ${PF.unreadyLogs}`);
    });

    it('a missing or unset workspace needs a fix', async () => {
      const gone = await run(DEPLOYER, {
        subscriptions: [],
        vaultIds: [],
        workspaceId: PF.missingLogs,
      });
      expect(find(gone, 'workspace', PF.missingLogs).status).toBe('fix');
      const unset = await run(DEPLOYER, { subscriptions: [], vaultIds: [] });
      expect(find(unset, 'workspace', '(policy)')).toMatchObject({ status: 'fix' });
      expect(find(unset, 'workspace', '(policy)').fix).toContain('diagnostics.workspaceId');
    });
  });

  describe("as ward's own identity", () => {
    it("reads ward's permissions: its role where assigned is ok, a Reader elsewhere lacks its actions", async () => {
      const result = await run(WARD, {
        subscriptions: [READY, UNREADY],
        vaultIds: [PF.readyVault],
        workspaceId: PF.unreadyLogs,
        wardPrincipalId: WARD,
      });
      expect(result.unreadable).toEqual([]);
      expect(find(result, 'ward-permissions', `/subscriptions/${READY}`).status).toBe('ok');
      const lacking = find(result, 'ward-permissions', `/subscriptions/${UNREADY}`);
      expect(lacking.status).toBe('fix');
      expect(lacking.detail).toContain('Microsoft.CognitiveServices/accounts/write');
      expect(find(result, 'vault-ward-permissions', PF.readyVault).status).toBe('ok');
      const keys = find(result, 'workspace-shared-keys', PF.unreadyLogs);
      expect(keys.status).toBe('fix');
      expect(keys.detail).toContain('Microsoft.OperationalInsights/workspaces/sharedKeys/action');
    });

    it('holds sharedKeys on a workspace under its role', async () => {
      const result = await run(WARD, {
        subscriptions: [READY],
        vaultIds: [],
        workspaceId: PF.readyLogs,
        wardPrincipalId: WARD,
      });
      expect(find(result, 'workspace-shared-keys', PF.readyLogs).status).toBe('ok');
    });
  });

  it('names what it cannot read and goes on with the rest', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const result = await run(DEPLOYER, {
      subscriptions: [unknown, READY],
      vaultIds: [
        `/subscriptions/${READY}/resourceGroups/rg-ready/providers/Microsoft.KeyVault/vaults/kv-nope`,
      ],
      workspaceId: PF.readyLogs,
    });
    expect(result.unreadable).toHaveLength(2);
    expect(result.unreadable[0]).toContain(
      `cannot read provider Microsoft.EventGrid of ${unknown} (SubscriptionNotFound`,
    );
    expect(result.unreadable[1]).toMatch(/^cannot read vault .*kv-nope \(/);
    expect(find(result, 'provider-eventgrid', `/subscriptions/${READY}`).status).toBe('ok');
  });
});
