import { describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/registry';
import { deriveRoleDefinition } from '../../src/actions/role';
import { ACTION_IDS } from '../../src/domain';
import { deriveInfra } from '../../scripts/infra/derive';
import { deployTemplate, type ArmScope } from './arm-evaluate';
import { TENANT, ofType } from './deployments';
import { at, committedTemplate, onlyResource, repoText } from './templates';

const HUB_SUBSCRIPTION = '55555555-5555-5555-5555-555555555555';
const HUB = `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-hub`;
const HUB_SCOPE: ArmScope = {
  tenantId: TENANT,
  subscriptionId: HUB_SUBSCRIPTION,
  resourceGroup: { name: 'rg-hub', location: 'swedencentral' },
};
const WORKSPACE = `${HUB}/providers/Microsoft.OperationalInsights/workspaces/log-ward-shared`;
const SUBNET = `${HUB}/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe`;
const ZONE = `${HUB}/providers/Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms`;
const NSG = `${HUB}/providers/Microsoft.Network/networkSecurityGroups/nsg-hub`;
const ROLE_DEFINITIONS = 'Microsoft.Authorization/roleDefinitions';
const ROLE_ASSIGNMENTS = 'Microsoft.Authorization/roleAssignments';

const template = committedTemplate('linkedScopes');

function deploy(parameters: Record<string, string[]>) {
  return deployTemplate(template, HUB_SCOPE, {
    wardPrincipalId: '33333333-3333-3333-3333-333333333333',
    ...parameters,
  });
}

describe('infra/linked-scopes.json', () => {
  it('holds exactly the linked actions the catalog’s actions declare, nothing else', () => {
    const declared = new Set(
      createActionRegistry().actions.flatMap((a) => a.permissions.linked ?? []),
    );
    const role = onlyResource(template, ROLE_DEFINITIONS);
    expect(at(role, 'properties.permissions.0.actions')).toBe("[variables('derived').roleActions]");
    expect(at(role, 'properties.permissions.0.dataActions')).toEqual([]);
    const actions = at(template, 'variables.derived.roleActions') as string[];
    expect([...actions].sort()).toEqual([...declared].sort());
    expect(actions).toEqual(deriveInfra().linkedScopes.roleActions);
    // What ARM checks on a diagnostic setting's workspace and a private endpoint's references.
    expect(actions).toEqual(
      expect.arrayContaining([
        'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.Network/privateDnsZones/join/action',
      ]),
    );
    // Narrow: no wildcard, no read or write, and each is in the watched subscriptions' role too.
    const full = new Set(deriveRoleDefinition(ACTION_IDS).actions);
    for (const action of actions) {
      expect(action).not.toContain('*');
      expect(action).toMatch(/\/action$/);
      expect(full.has(action), action).toBe(true);
    }
  });

  it('assigns the role to ward’s identity at exactly the listed resources', () => {
    const deployed = deploy({
      logAnalyticsWorkspaceIds: [WORKSPACE],
      hubNetworkIds: [SUBNET],
      privateDnsZoneIds: [ZONE],
      otherResourceIds: [NSG],
    });
    const [role, ...moreRoles] = ofType(deployed, ROLE_DEFINITIONS);
    expect(moreRoles).toEqual([]);
    expect(at(role, 'properties.assignableScopes')).toEqual([HUB]);
    expect(at(role, 'properties.roleName')).toBe(`ward linked scopes (${HUB_SUBSCRIPTION}/rg-hub)`);
    const assignments = ofType(deployed, ROLE_ASSIGNMENTS);
    // ARM resolves an extension resource's scope in the deployment's resource group.
    expect(assignments.map((a) => a.scope)).toEqual([
      'Microsoft.OperationalInsights/workspaces/log-ward-shared',
      'Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe',
      'Microsoft.Network/privateDnsZones/privatelink.api.azureml.ms',
      'Microsoft.Network/networkSecurityGroups/nsg-hub',
    ]);
    for (const assignment of assignments) {
      expect(assignment.resourceGroup).toBe('rg-hub');
      expect(at(assignment, 'properties.principalId')).toBe('33333333-3333-3333-3333-333333333333');
      expect(at(assignment, 'properties.principalType')).toBe('ServicePrincipal');
      expect(at(assignment, 'properties.roleDefinitionId')).toBe(
        `/subscriptions/${HUB_SUBSCRIPTION}/providers/${ROLE_DEFINITIONS}/${role?.name ?? ''}`,
      );
    }
    // One stable name per scope: a redeployment updates, never duplicates.
    expect(new Set(assignments.map((a) => a.name)).size).toBe(4);
    expect(
      ofType(deploy({ privateDnsZoneIds: [ZONE.toUpperCase()] }), ROLE_ASSIGNMENTS)[0]?.name,
    ).toBe(assignments[2]?.name);
  });

  it('assigns nothing when no resource is listed', () => {
    expect(ofType(deploy({}), ROLE_ASSIGNMENTS)).toEqual([]);
    expect(ofType(deploy({}), ROLE_DEFINITIONS)).toHaveLength(1);
  });

  it('is documented in docs/deployment.md with its parameters', () => {
    const doc = repoText('docs/deployment.md');
    expect(doc).toContain('infra/linked-scopes.json');
    for (const parameter of Object.keys(at(template, 'parameters') as object)) {
      if (parameter === 'roleName') continue;
      expect(doc, parameter).toContain(parameter);
    }
  });
});
