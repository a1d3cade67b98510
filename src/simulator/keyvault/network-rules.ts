import type { SimPrincipal } from '../principal';
import type { SimResponse } from '../http';
import type { SeedCaller } from '../seed/callers';
import type { ArmBody, ResourceStore } from '../state';

const PRIVATE_ENDPOINT_TYPE = 'Microsoft.Network/privateEndpoints';

function same(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const found = record(item);
    return found ? [found] : [];
  });
}

/** `/subscriptions/…/virtualNetworks/{vnet}` of a subnet id, lower case. */
function networkOf(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+$/i, '').toLowerCase();
}

function ipv4(address: string): number | undefined {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    return undefined;
  }
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** Whether an address is in an ip rule's value: one address or a CIDR range. */
export function ipRuleMatches(rule: string, address: string): boolean {
  const [base = '', bits = '32'] = rule.trim().split('/');
  const start = ipv4(base);
  const ip = ipv4(address);
  const prefix = Number(bits);
  if (start === undefined || ip === undefined || !Number.isInteger(prefix)) return false;
  if (prefix < 0 || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(ip / size) === Math.floor(start / size);
}

/**
 * Whether an approved private endpoint to the vault sits in the caller's virtual network:
 * the caller then resolves the vault to the endpoint's private address and never crosses the
 * public network. A connection without a state is taken as approved (same-tenant endpoints
 * are approved automatically).
 */
function reachesPrivately(state: ResourceStore, vaultId: string, subnetId: string): boolean {
  const network = networkOf(subnetId);
  return state.list({ type: PRIVATE_ENDPOINT_TYPE }).some((endpoint) => {
    const properties = record(endpoint.properties);
    const subnet = record(properties?.subnet);
    if (typeof subnet?.id !== 'string' || networkOf(subnet.id) !== network) return false;
    const connections = [
      ...list(properties?.privateLinkServiceConnections),
      ...list(properties?.manualPrivateLinkServiceConnections),
    ];
    return connections.some((connection) => {
      const props = record(connection.properties);
      const status = record(props?.privateLinkServiceConnectionState)?.status;
      return (
        same(props?.privateLinkServiceId, vaultId) &&
        (status === undefined || same(status, 'Approved'))
      );
    });
  });
}

/** The vault's verdict on one caller, with the address it names when it refuses. */
export type NetworkVerdict = { refused: false } | { refused: true; clientAddress: string };

/**
 * Key Vault's network rules for a caller: a private endpoint in the caller's network always
 * admits; else `publicNetworkAccess: Disabled` refuses; else a firewall (`networkAcls` with
 * `defaultAction: Deny`) admits only its ip rules and virtual network rules. The trusted
 * services bypass does not apply: Functions and App Service are not trusted services.
 */
export function networkVerdict(
  vault: ArmBody,
  caller: SeedCaller,
  state: ResourceStore,
): NetworkVerdict {
  const refused: NetworkVerdict = {
    refused: true,
    clientAddress: caller.sourceIp ?? caller.subnetId ?? 'unknown',
  };
  if (caller.subnetId && reachesPrivately(state, vault.id, caller.subnetId)) {
    return { refused: false };
  }
  const properties = record(vault.properties);
  if (same(properties?.publicNetworkAccess, 'Disabled')) return refused;
  const acls = record(properties?.networkAcls);
  if (!acls || !same(acls.defaultAction, 'Deny')) return { refused: false };
  const { sourceIp, subnetId } = caller;
  if (
    sourceIp &&
    list(acls.ipRules).some(
      (rule) => typeof rule.value === 'string' && ipRuleMatches(rule.value, sourceIp),
    )
  ) {
    return { refused: false };
  }
  if (subnetId && list(acls.virtualNetworkRules).some((rule) => same(rule.id, subnetId))) {
    return { refused: false };
  }
  return refused;
}

/** The seed's entry for the principal a token names (by object id, else application id). */
export function callerOf(
  callers: readonly SeedCaller[],
  principal: SimPrincipal | undefined,
): SeedCaller | undefined {
  if (!principal) return undefined;
  return callers.find(
    (caller) =>
      same(principal.oid, caller.principalId) || same(principal.appid, caller.principalId),
  );
}

/**
 * Key Vault's answer to a caller its firewall refuses (recorded in arm-errors.md): 403
 * `Forbidden` with inner error `ForbiddenByFirewall`, naming the address, the caller and the
 * vault.
 */
export function forbiddenByFirewall(
  vault: ArmBody,
  principal: SimPrincipal,
  clientAddress: string,
): SimResponse {
  const caller = [
    principal.appid ? `appid=${principal.appid}` : undefined,
    principal.oid ? `oid=${principal.oid}` : undefined,
    principal.tid ? `iss=https://sts.windows.net/${principal.tid}/` : undefined,
  ]
    .filter(Boolean)
    .join(';');
  return {
    status: 403,
    body: {
      error: {
        code: 'Forbidden',
        message:
          'Client address is not authorized and caller is not a trusted service.\r\n' +
          `Client address: ${clientAddress}\r\nCaller: ${caller}\r\n` +
          `Vault: ${vault.name};location=${vault.location ?? 'eastus'}`,
        innererror: { code: 'ForbiddenByFirewall' },
      },
    },
  };
}

/**
 * The check a vault's data plane makes after authentication: a declared caller outside the
 * vault's allowed networks gets `ForbiddenByFirewall`; undeclared callers are admitted.
 */
export function firewallCheck(
  state: ResourceStore,
  vaultId: string,
  callers: readonly SeedCaller[],
  principal: SimPrincipal | undefined,
): SimResponse | undefined {
  const caller = callerOf(callers, principal);
  const vault = state.get(vaultId);
  if (!caller || !vault || !principal) return undefined;
  const verdict = networkVerdict(vault, caller, state);
  return verdict.refused ? forbiddenByFirewall(vault, principal, verdict.clientAddress) : undefined;
}
