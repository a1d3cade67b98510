import type { Scope } from './bodies';
import type { SeedResource } from './format';
import { providerId } from './ids';

/** The private DNS zone of Azure Machine Learning workspaces' private endpoints. */
export const ML_PRIVATE_DNS_ZONE = 'privatelink.api.azureml.ms';

function resource(
  scope: Scope,
  type: string,
  name: string,
  properties: Record<string, unknown>,
  location: string = scope.location,
): SeedResource {
  const [namespace = '', ...types] = type.split('/');
  return {
    id: providerId(scope.subscriptionId, scope.resourceGroup, namespace, ...types, name),
    name,
    type,
    location,
    tags: {},
    properties: { provisioningState: 'Succeeded', ...properties },
  };
}

/**
 * What a jump box NIC is usually wired into besides its subnet, each a reference ARM checks a
 * join permission on when the NIC is written: a network security group, a load balancer's
 * backend pool and inbound NAT rule (SSH), an application security group and an application
 * gateway's backend pool. Returns the resources and the NIC with its references added.
 */
export function wireJumpbox(
  scope: Scope,
  nic: SeedResource,
): { nic: SeedResource; resources: SeedResource[] } {
  const nsg = resource(scope, 'Microsoft.Network/networkSecurityGroups', 'nsg-jumpbox', {
    securityRules: [],
  });
  const lb = resource(scope, 'Microsoft.Network/loadBalancers', 'lb-jumpbox', {
    backendAddressPools: [{ name: 'pool-jumpbox' }],
    inboundNatRules: [{ name: 'nat-ssh', properties: { frontendPort: 50022, backendPort: 22 } }],
  });
  const asg = resource(scope, 'Microsoft.Network/applicationSecurityGroups', 'asg-jumpbox', {});
  const appGateway = resource(scope, 'Microsoft.Network/applicationGateways', 'agw-tools', {
    backendAddressPools: [{ name: 'pool-tools' }],
  });
  const properties = nic.properties ?? {};
  const ipConfigurations = Array.isArray(properties.ipConfigurations)
    ? (properties.ipConfigurations as unknown[])
    : [];
  const wired = ipConfigurations.map((ipConfiguration, index) => {
    if (index > 0 || ipConfiguration === null || typeof ipConfiguration !== 'object') {
      return ipConfiguration;
    }
    const config = ipConfiguration as { properties?: Record<string, unknown> };
    return {
      ...config,
      properties: {
        ...config.properties,
        loadBalancerBackendAddressPools: [{ id: `${lb.id}/backendAddressPools/pool-jumpbox` }],
        loadBalancerInboundNatRules: [{ id: `${lb.id}/inboundNatRules/nat-ssh` }],
        applicationSecurityGroups: [{ id: asg.id }],
        applicationGatewayBackendAddressPools: [
          { id: `${appGateway.id}/backendAddressPools/pool-tools` },
        ],
      },
    };
  });
  return {
    nic: {
      ...nic,
      properties: { ...properties, networkSecurityGroup: { id: nsg.id }, ipConfigurations: wired },
    },
    resources: [nsg, lb, asg, appGateway],
  };
}

/** A private DNS zone (a global resource) for private endpoints' DNS zone groups. */
export function privateDnsZone(scope: Scope, name: string): SeedResource {
  return resource(
    scope,
    'Microsoft.Network/privateDnsZones',
    name,
    { numberOfRecordSets: 1, maxNumberOfRecordSets: 25_000 },
    'global',
  );
}
