import { isDeepStrictEqual } from 'node:util';
import { parseResourcePath } from '../arm/resource-path';
import type { PermissionCheck } from './authorizer';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function record(value: unknown, key: string): Json | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

function list(value: unknown, key: string): unknown[] {
  if (!isRecord(value)) return [];
  const inner = value[key];
  return Array.isArray(inner) ? inner : [];
}

function idAt(value: unknown, key: string): string | undefined {
  const ref = record(value, key);
  const id = ref?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function stringAt(value: unknown, key: string): string | undefined {
  const inner = isRecord(value) ? value[key] : undefined;
  return typeof inner === 'string' && inner !== '' ? inner : undefined;
}

/** Reference arrays of a NIC ip configuration and the join action ARM checks on each item. */
const NIC_IP_CONFIGURATION_LINKS: readonly [string, string][] = [
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

function networkInterfaceLinks(body: unknown): PermissionCheck[] {
  const properties = record(body, 'properties');
  const checks: PermissionCheck[] = [];
  const nsg = idAt(properties, 'networkSecurityGroup');
  if (nsg)
    checks.push({ action: 'Microsoft.Network/networkSecurityGroups/join/action', scope: nsg });
  for (const ipConfiguration of list(properties, 'ipConfigurations')) {
    const ipProperties = record(ipConfiguration, 'properties');
    const subnet = idAt(ipProperties, 'subnet');
    if (subnet)
      checks.push({
        action: 'Microsoft.Network/virtualNetworks/subnets/join/action',
        scope: subnet,
      });
    const publicIp = idAt(ipProperties, 'publicIPAddress');
    if (publicIp)
      checks.push({ action: 'Microsoft.Network/publicIPAddresses/join/action', scope: publicIp });
    for (const [key, action] of NIC_IP_CONFIGURATION_LINKS) {
      for (const item of list(ipProperties, key)) {
        const id = stringAt(item, 'id');
        if (id) checks.push({ action, scope: id });
      }
    }
  }
  return checks;
}

function privateEndpointLinks(body: unknown): PermissionCheck[] {
  const properties = record(body, 'properties');
  const checks: PermissionCheck[] = [];
  const subnet = idAt(properties, 'subnet');
  if (subnet)
    checks.push({ action: 'Microsoft.Network/virtualNetworks/subnets/join/action', scope: subnet });
  // An automatic connection is approved with the caller's rights on the target; a manual one
  // waits for the target's owner and needs nothing there.
  for (const connection of list(properties, 'privateLinkServiceConnections')) {
    const target = stringAt(record(connection, 'properties'), 'privateLinkServiceId');
    const type = target ? parseResourcePath(target)?.type : undefined;
    if (target && type) {
      checks.push({ action: `${type}/privateEndpointConnectionsApproval/action`, scope: target });
    }
  }
  return checks;
}

function dnsZoneGroupLinks(body: unknown): PermissionCheck[] {
  return list(record(body, 'properties'), 'privateDnsZoneConfigs').flatMap((config) => {
    const zone = stringAt(record(config, 'properties'), 'privateDnsZoneId');
    return zone ? [{ action: 'Microsoft.Network/privateDnsZones/join/action', scope: zone }] : [];
  });
}

function diagnosticSettingLinks(body: unknown): PermissionCheck[] {
  const properties = record(body, 'properties');
  const checks: PermissionCheck[] = [];
  const workspace = stringAt(properties, 'workspaceId');
  if (workspace) {
    checks.push({
      action: 'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
      scope: workspace,
    });
  }
  const storage = stringAt(properties, 'storageAccountId');
  if (storage)
    checks.push({ action: 'Microsoft.Storage/storageAccounts/listkeys/action', scope: storage });
  const eventHubRule = stringAt(properties, 'eventHubAuthorizationRuleId');
  if (eventHubRule) {
    checks.push({
      action: 'Microsoft.EventHub/namespaces/authorizationrules/listkeys/action',
      scope: eventHubRule,
    });
  }
  return checks;
}

const LINKS: Readonly<Record<string, (body: unknown) => PermissionCheck[]>> = {
  'microsoft.network/networkinterfaces': networkInterfaceLinks,
  'microsoft.network/privateendpoints': privateEndpointLinks,
  'microsoft.network/privateendpoints/privatednszonegroups': dnsZoneGroupLinks,
  'microsoft.insights/diagnosticsettings': diagnosticSettingLinks,
};

/**
 * The permissions ARM checks on the resources a write references (its "linked scopes"), for the
 * writes ward makes: a NIC's subnet, public IPs, load balancer pools and NAT rules, application
 * security groups, application gateway pools and network security group; a private endpoint's
 * subnet and auto-approved targets; a DNS zone group's zones; a diagnostic setting's
 * destinations. Duplicates are dropped; `existing` is not consulted because ARM checks every
 * reference the body carries, changed or not.
 */
export function linkedChecks(type: string, body: unknown): PermissionCheck[] {
  const checks = LINKS[type.toLowerCase()]?.(body) ?? [];
  return checks.filter(
    (check, index) => checks.findIndex((other) => isDeepStrictEqual(other, check)) === index,
  );
}
