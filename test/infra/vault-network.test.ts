import { describe, expect, it } from 'vitest';
import type { ArmTemplate } from '../../scripts/infra/templates';
import { at, committedTemplate, onlyResource } from './templates';

const main = committedTemplate('main');
const site = onlyResource(main, 'Microsoft.Web/sites');
const deployment = onlyResource(
  main,
  'Microsoft.Resources/deployments',
  "[format('ward-vault-pe-{0}', copyIndex())]",
);
const VAULT = "parameters('vaultPrivateEndpointVaultIds')[copyIndex()]";
const NAME = `[format('pe-ward-{0}', last(split(${VAULT}, '/')))]`;
const inner = at(deployment, 'properties.template') as ArmTemplate;

describe('VNet integration and private endpoints to watched vaults (optional)', () => {
  it('is off unless the deployment names the subnets and the vaults', () => {
    expect(at(main, 'parameters.vnetIntegrationSubnetId.defaultValue')).toBe('');
    expect(at(main, 'parameters.vaultPrivateEndpointSubnetId.defaultValue')).toBe('');
    expect(at(main, 'parameters.vaultPrivateEndpointVaultIds.defaultValue')).toEqual([]);
    expect(at(main, 'parameters.vaultPrivateDnsZoneId.defaultValue')).toBe('');
    // An empty subnet id sends null: the Function App stays without VNet integration.
    expect(at(site, 'properties.virtualNetworkSubnetId')).toBe(
      "[if(empty(parameters('vnetIntegrationSubnetId')), null(), parameters('vnetIntegrationSubnetId'))]",
    );
    expect(at(deployment, 'condition')).toBe(
      "[not(empty(parameters('vaultPrivateEndpointSubnetId')))]",
    );
  });

  it('creates one private endpoint per listed vault, to its `vault` group, in the given subnet', () => {
    expect(at(deployment, 'copy.count')).toBe(
      "[length(parameters('vaultPrivateEndpointVaultIds'))]",
    );
    // Outer scope: the nested template reads main's parameters and the deployment's copy index.
    expect(at(deployment, 'properties')).not.toHaveProperty('expressionEvaluationOptions');
    const endpoint = onlyResource(inner, 'Microsoft.Network/privateEndpoints');
    expect(at(endpoint, 'name')).toBe(NAME);
    expect(at(endpoint, 'properties.subnet.id')).toBe(
      "[parameters('vaultPrivateEndpointSubnetId')]",
    );
    expect(at(endpoint, 'properties.privateLinkServiceConnections')).toEqual([
      { name: NAME, properties: { privateLinkServiceId: `[${VAULT}]`, groupIds: ['vault'] } },
    ]);
    const zoneGroup = onlyResource(
      inner,
      'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
    );
    expect(at(zoneGroup, 'condition')).toBe("[not(empty(parameters('vaultPrivateDnsZoneId')))]");
    expect(at(zoneGroup, 'properties.privateDnsZoneConfigs')).toEqual([
      {
        name: 'privatelink-vaultcore-azure-net',
        properties: { privateDnsZoneId: "[parameters('vaultPrivateDnsZoneId')]" },
      },
    ]);
    expect(at(zoneGroup, 'dependsOn')).toEqual([
      `[resourceId('Microsoft.Network/privateEndpoints', ${NAME.slice(1, -1)})]`,
    ]);
  });

  it('names only parameters main.json declares', () => {
    const declared = new Set(Object.keys(at(main, 'parameters') as Record<string, unknown>));
    const used = [...JSON.stringify(deployment).matchAll(/parameters\('([^']+)'\)/g)].map(
      (m) => m[1] ?? '',
    );
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(declared.has(name), name).toBe(true);
  });
});
