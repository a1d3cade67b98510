import { describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/registry';
import type { ActionPlan } from '../../src/actions/types';
import { nicLinkedScopes } from '../../src/actions/network-nic-dissociate-public-ip/linked';
import {
  entriesGrant,
  missingOperations,
  permissionMatches,
  type PermissionEntry,
} from '../../src/azure/permission-match';
import { linkedScopeRefusal, mergedLinkedScopes } from '../../src/execute/linked-check';

const ZONE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms';
const SUBNET =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe';
const DNS_JOIN = 'Microsoft.Network/privateDnsZones/join/action';
const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';

function plan(linked: ActionPlan['linked']): ActionPlan {
  return {
    actionId: 'ml-workspace-create-private-endpoint',
    resourceId:
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w',
    resourceType: 'Microsoft.MachineLearningServices/workspaces',
    summary: 'Create a private endpoint',
    changes: [],
    parameters: {},
    ...(linked ? { linked } : {}),
  };
}

describe('the permission matcher', () => {
  it('matches case-insensitively with * as any run of characters', () => {
    expect(permissionMatches('*', DNS_JOIN)).toBe(true);
    expect(permissionMatches('microsoft.network/*', DNS_JOIN)).toBe(true);
    expect(permissionMatches('Microsoft.Network/*/join/action', DNS_JOIN)).toBe(true);
    expect(permissionMatches('*/read', DNS_JOIN)).toBe(false);
    expect(permissionMatches('Microsoft.Network/privateDnsZones/join', DNS_JOIN)).toBe(false);
    expect(permissionMatches('Microsoft.Network/privateDnsZones.join/action', DNS_JOIN)).toBe(
      false,
    );
  });

  it('takes notActions per role: another role may still grant what one excludes', () => {
    const contributor: PermissionEntry = {
      actions: ['*'],
      notActions: ['Microsoft.Network/privateDnsZones/*'],
    };
    expect(entriesGrant([contributor], DNS_JOIN)).toBe(false);
    expect(entriesGrant([contributor, { actions: [DNS_JOIN], notActions: [] }], DNS_JOIN)).toBe(
      true,
    );
    expect(missingOperations([contributor], [SUBNET_JOIN, DNS_JOIN])).toEqual([DNS_JOIN]);
    expect(missingOperations([], [SUBNET_JOIN])).toEqual([SUBNET_JOIN]);
  });
});

describe('the linked-scope check', () => {
  it('names each missing permission and its scope, and only those', async () => {
    const held: Record<string, PermissionEntry[]> = {
      [SUBNET.toLowerCase()]: [{ actions: ['Microsoft.Network/*'], notActions: [] }],
      [ZONE.toLowerCase()]: [{ actions: ['*/read'], notActions: [] }],
    };
    const asked: string[] = [];
    const refusal = await linkedScopeRefusal(
      plan([
        { scope: SUBNET, actions: [SUBNET_JOIN] },
        { scope: ZONE, actions: [DNS_JOIN] },
      ]),
      (scope) => {
        asked.push(scope);
        return Promise.resolve(held[scope.toLowerCase()] ?? []);
      },
    );
    expect(asked).toEqual([SUBNET, ZONE]);
    expect(refusal).toBe(
      `Nothing was written: ward's identity lacks ${DNS_JOIN} on ${ZONE}; assign it there (see docs/deployment.md, Linked scopes).`,
    );
  });

  it('refuses when the permissions API cannot be read, and passes a plan whose scopes are held', async () => {
    const failing = await linkedScopeRefusal(plan([{ scope: ZONE, actions: [DNS_JOIN] }]), () =>
      Promise.reject(new Error('GET … failed: HTTP 503 ServiceUnavailable')),
    );
    expect(failing).toContain(
      `ward could not read its permissions on ${ZONE} to check ${DNS_JOIN}`,
    );
    expect(failing).toContain('HTTP 503');
    const all = () => Promise.resolve([{ actions: ['*'], notActions: [] }]);
    expect(await linkedScopeRefusal(plan([{ scope: ZONE, actions: [DNS_JOIN] }]), all)).toBe(
      undefined,
    );
    // A plan without linked scopes (stored before they existed) asks nothing.
    let calls = 0;
    await linkedScopeRefusal(plan(undefined), () => {
      calls += 1;
      return Promise.resolve([]);
    });
    expect(calls).toBe(0);
  });

  it('reads each scope once however often the plan names it', () => {
    expect(
      mergedLinkedScopes([
        { scope: SUBNET, actions: [SUBNET_JOIN] },
        { scope: SUBNET.toUpperCase(), actions: [SUBNET_JOIN.toLowerCase(), DNS_JOIN] },
      ]),
    ).toEqual([{ scope: SUBNET, actions: [SUBNET_JOIN, DNS_JOIN] }]);
  });
});

describe('linked permissions in the catalog', () => {
  it('are among each action’s permissions and never revert-only', () => {
    for (const action of createActionRegistry().actions) {
      const { actions, linked = [], revertOnly = [] } = action.permissions;
      for (const operation of linked) {
        expect(actions, `${action.id}: ${operation}`).toContain(operation);
        expect(revertOnly, `${action.id}: ${operation}`).not.toContain(operation);
      }
    }
  });

  it('cover every reference a NIC PUT carries but the public IP it drops', () => {
    const nic = {
      properties: {
        networkSecurityGroup: { id: 'nsg' },
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              subnet: { id: 'subnet' },
              publicIPAddress: { id: 'pip' },
              loadBalancerBackendAddressPools: [{ id: 'lb-pool' }],
              loadBalancerInboundNatRules: [{ id: 'nat' }],
              applicationSecurityGroups: [{ id: 'asg' }],
              applicationGatewayBackendAddressPools: [{ id: 'agw-pool' }],
            },
          },
        ],
      },
    };
    const linked = nicLinkedScopes(nic);
    expect(linked.map((l) => l.scope)).toEqual([
      'nsg',
      'subnet',
      'lb-pool',
      'nat',
      'asg',
      'agw-pool',
    ]);
    const declared = createActionRegistry().get('network-nic-dissociate-public-ip').permissions
      .linked;
    expect([...new Set(linked.flatMap((l) => l.actions))].sort()).toEqual(
      [...(declared ?? [])].sort(),
    );
  });
});
