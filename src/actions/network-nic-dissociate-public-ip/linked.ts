import { isRecord } from '../../rules/paths';
import type { LinkedScope } from '../types';

export const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
export const NSG_JOIN = 'Microsoft.Network/networkSecurityGroups/join/action';

/** Reference lists of an ip configuration and the join action ARM checks on each item. */
const IP_CONFIGURATION_LINKS: readonly (readonly [string, string])[] = [
  [
    'loadBalancerBackendAddressPools',
    'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
  ],
  ['loadBalancerInboundNatRules', 'Microsoft.Network/loadBalancers/inboundNatRules/join/action'],
  [
    'applicationSecurityGroups',
    'Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action',
  ],
  [
    'applicationGatewayBackendAddressPools',
    'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
  ],
];

/** Every join action a NIC PUT may need on what it references. */
export const NIC_LINKED_ACTIONS: readonly string[] = [
  SUBNET_JOIN,
  NSG_JOIN,
  ...IP_CONFIGURATION_LINKS.map(([, action]) => action),
];

function idOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.id === 'string' && value.id !== '' ? value.id : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The linked scopes of the NIC PUT that drops its public IPs: the body goes back whole, so ARM
 * checks a join on each reference it still carries (subnet, network security group, load
 * balancer pools and NAT rules, application security groups, application gateway pools). The
 * public IPs leave the body and need nothing.
 */
export function nicLinkedScopes(resource: { properties?: unknown }): LinkedScope[] {
  const properties = isRecord(resource.properties) ? resource.properties : {};
  const linked: LinkedScope[] = [];
  const nsg = idOf(properties.networkSecurityGroup);
  if (nsg) linked.push({ scope: nsg, actions: [NSG_JOIN] });
  for (const configuration of listOf(properties.ipConfigurations)) {
    const ip =
      isRecord(configuration) && isRecord(configuration.properties) ? configuration.properties : {};
    const subnet = idOf(ip.subnet);
    if (subnet) linked.push({ scope: subnet, actions: [SUBNET_JOIN] });
    for (const [key, action] of IP_CONFIGURATION_LINKS) {
      for (const item of listOf(ip[key])) {
        const id = idOf(item);
        if (id) linked.push({ scope: id, actions: [action] });
      }
    }
  }
  return linked;
}
