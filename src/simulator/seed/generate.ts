import {
  cognitiveAccount,
  diagnosticSetting,
  keyVault,
  logAnalyticsWorkspace,
  mlCompute,
  mlOnlineEndpoint,
  mlWorkspace,
  networkInterface,
  nicIpConfigurationId,
  privateEndpoint,
  publicIpAddress,
  storageAccount,
  subnetId,
  virtualNetwork,
  type Scope,
} from './bodies';
import type { Seed, SeedResource, SeedSecret } from './format';
import { deterministicUuid, providerId } from './ids';
import { SeedError } from './load';

export interface GenerateEstateOptions {
  /** Exact number of ARM resources (diagnostic settings included) in the seed. */
  resources: number;
  /** PRNG seed: the same options give the same estate. */
  seed: number;
  /** Number of subscriptions the resources spread over (default 1). */
  subscriptions?: number;
  /** Share of resources configured compliantly, 0..1 (default 0.3). */
  compliantShare?: number;
  /** Secrets per vault (default 3). */
  secretsPerVault?: number;
  /** Time secret expiries are placed around (default 2026-01-01T00:00:00Z, for determinism). */
  now?: Date;
}

const DEFAULT_NOW = new Date(Date.UTC(2026, 0, 1));
const DAY = 86_400;
const LOCATIONS = ['westeurope', 'northeurope', 'eastus2', 'swedencentral'] as const;

/** mulberry32: small, fast and good enough to vary a test estate. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Dice {
  chance(p: number): boolean;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
}

function dice(seed: number): Dice {
  const next = prng(seed);
  const hex = (digits: number): string => {
    let out = '';
    while (out.length < digits)
      out += Math.floor(next() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return out.slice(0, digits);
  };
  return {
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    uuid: () => {
      const h = hex(32);
      const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
    },
  };
}

function checkOptions(options: GenerateEstateOptions): void {
  if (!Number.isInteger(options.resources) || options.resources < 0) {
    throw new SeedError(
      'SEED_OPTIONS_INVALID',
      `resources must be a non-negative integer, got ${options.resources}`,
    );
  }
  const subscriptions = options.subscriptions ?? 1;
  if (!Number.isInteger(subscriptions) || subscriptions < 1) {
    throw new SeedError(
      'SEED_OPTIONS_INVALID',
      `subscriptions must be a positive integer, got ${subscriptions}`,
    );
  }
  const share = options.compliantShare ?? 0.3;
  if (!(share >= 0 && share <= 1)) {
    throw new SeedError(
      'SEED_OPTIONS_INVALID',
      `compliantShare must be between 0 and 1, got ${share}`,
    );
  }
}

/**
 * A large estate for load tests and benchmarks: resource groups of ML workspaces with their
 * storage, vault, computes and endpoints, Azure OpenAI accounts, NICs and diagnostic settings,
 * a share of them compliant, spread round-robin over the subscriptions.
 */
export function generateEstate(options: GenerateEstateOptions): Seed {
  checkOptions(options);
  const d = dice(options.seed);
  const compliantShare = options.compliantShare ?? 0.3;
  const secretsPerVault = options.secretsPerVault ?? 3;
  const now = Math.floor((options.now ?? DEFAULT_NOW).getTime() / 1000);
  const namespace = `ward-generated-${options.seed}`;
  const tenantId = deterministicUuid(namespace, 'tenant');
  const subscriptions = Array.from({ length: options.subscriptions ?? 1 }, (_, i) => ({
    subscriptionId: deterministicUuid(namespace, 'subscription', String(i)),
    displayName: `ml-estate-${String(i + 1).padStart(2, '0')}`,
  }));

  const resources: SeedResource[] = [];
  const secrets: SeedSecret[] = [];
  const budget = options.resources;
  const full = (): boolean => resources.length >= budget;
  const add = (resource: SeedResource): boolean => {
    if (full()) return false;
    resources.push(resource);
    return true;
  };

  // Per subscription: a Log Analytics workspace and a network for private endpoints.
  const sharedBySubscription = subscriptions.map((subscription) => {
    const scope: Scope = {
      tenantId,
      subscriptionId: subscription.subscriptionId,
      resourceGroup: 'rg-shared',
      location: 'westeurope',
    };
    const logs = logAnalyticsWorkspace(scope, 'log-shared', d.uuid());
    const vnet = virtualNetwork(scope, 'vnet-shared', '10.40.0.0/16', [
      { name: 'snet-private-endpoints', addressPrefix: '10.40.1.0/24', forPrivateEndpoints: true },
      { name: 'snet-compute', addressPrefix: '10.40.2.0/22' },
    ]);
    add(logs);
    add(vnet);
    return {
      logsId: logs.id,
      peSubnet: subnetId(vnet, 'snet-private-endpoints'),
      computeSubnet: subnetId(vnet, 'snet-compute'),
    };
  });

  for (let group = 0; !full(); group += 1) {
    const subscriptionIndex = group % subscriptions.length;
    const subscription = subscriptions[subscriptionIndex];
    const shared = sharedBySubscription[subscriptionIndex];
    if (!subscription || !shared) break;
    const scope: Scope = {
      tenantId,
      subscriptionId: subscription.subscriptionId,
      resourceGroup: `rg-ml-${String(group).padStart(5, '0')}`,
      location: d.pick(LOCATIONS),
    };
    const suffix = String(group).padStart(5, '0');
    const good = (): boolean => d.chance(compliantShare);
    const bad = (): boolean => d.chance(0.6);
    const withDiagnostics = (targetId: string, category: string): void => {
      if (!full() && d.chance(0.5)) {
        add(
          diagnosticSetting(targetId, 'to-log-analytics', shared.logsId, [
            { categoryGroup: category },
          ]),
        );
      }
    };

    const storageOk = good();
    const storage = storageAccount(scope, {
      name: `stml${suffix}${d.int(100, 999)}`,
      minimumTlsVersion: storageOk ? 'TLS1_2' : d.pick(['TLS1_0', 'TLS1_1', 'TLS1_2'] as const),
      allowBlobPublicAccess: !storageOk && bad(),
      allowSharedKeyAccess: !storageOk && bad(),
      publicNetworkAccess: storageOk ? 'Disabled' : 'Enabled',
    });
    if (!add(storage)) break;
    if (!full() && d.chance(0.5)) {
      add(
        diagnosticSetting(`${storage.id}/blobServices/default`, 'to-log-analytics', shared.logsId, [
          { categoryGroup: 'audit' },
        ]),
      );
    }

    const vaultOk = good();
    const vault = keyVault(scope, {
      name: `kv-ml-${suffix}`,
      purgeProtection: vaultOk || !bad(),
      rbacAuthorization: vaultOk || !bad(),
      publicNetworkAccess: vaultOk || !bad() ? 'Disabled' : 'Enabled',
      accessPolicyObjectId: d.uuid(),
    });
    if (!add(vault)) break;
    withDiagnostics(vault.id, 'audit');
    for (let s = 0; s < secretsPerVault; s += 1) {
      const created = now - d.int(1, 400) * DAY;
      const kind = vaultOk
        ? 'compliant'
        : d.pick(['none', 'near', 'expired', 'compliant'] as const);
      const secret: SeedSecret = {
        vault: vault.name,
        name: `app-secret-${s + 1}`,
        attributes: { enabled: true, created, updated: created },
      };
      if (kind === 'near') secret.attributes.exp = now + d.int(1, 29) * DAY;
      if (kind === 'expired') secret.attributes.exp = now - d.int(1, 60) * DAY;
      if (kind === 'compliant') secret.attributes.exp = now + d.int(60, 365) * DAY;
      secrets.push(secret);
    }

    const workspaceOk = good();
    const workspaceName = `mlw-${suffix}`;
    const workspaceId = providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.MachineLearningServices',
      'workspaces',
      workspaceName,
    );
    const peId = providerId(
      scope.subscriptionId,
      scope.resourceGroup,
      'Microsoft.Network',
      'privateEndpoints',
      `pe-${workspaceName}`,
    );
    const hasPe = workspaceOk || d.chance(0.2);
    const workspace = mlWorkspace(scope, {
      name: workspaceName,
      kind: d.chance(0.15) ? 'Hub' : 'Default',
      publicNetworkAccess: workspaceOk ? 'Disabled' : 'Enabled',
      isolationMode: workspaceOk
        ? 'AllowOnlyApprovedOutbound'
        : d.pick(['Disabled', 'AllowInternetOutbound'] as const),
      principalId: d.uuid(),
      storageAccountId: storage.id,
      keyVaultId: vault.id,
      ...(hasPe ? { privateEndpointId: peId } : {}),
      tags: { env: d.pick(['prod', 'dev', 'research']) },
    });
    if (!add(workspace)) break;
    if (hasPe) {
      add(
        privateEndpoint(scope, {
          name: `pe-${workspaceName}`,
          subnetId: shared.peSubnet,
          targetId: workspaceId,
          groupId: 'amlworkspace',
        }),
      );
    }
    withDiagnostics(workspace.id, 'allLogs');

    const computes = d.int(1, 4);
    for (let c = 0; c < computes && !full(); c += 1) {
      const ok = good();
      const instance = d.chance(0.6);
      add(
        mlCompute(scope, workspaceName, {
          name: instance ? `ci-${suffix}-${c}` : `cluster-${suffix}-${c}`,
          computeType: instance ? 'ComputeInstance' : 'AmlCompute',
          enableNodePublicIp: !ok && bad(),
          publicSsh: !ok && bad(),
          disableLocalAuth: ok || !bad(),
          ...(ok || !bad() ? { principalId: d.uuid() } : {}),
          ...(ok || !bad() ? { idleTimeBeforeShutdown: 'PT60M' } : {}),
          ...(ok ? { subnetId: shared.computeSubnet } : {}),
        }),
      );
    }
    const endpoints = d.int(0, 2);
    for (let e = 0; e < endpoints && !full(); e += 1) {
      const ok = good();
      add(
        mlOnlineEndpoint(scope, workspaceName, {
          name: `ep-${suffix}-${e}`,
          authMode: ok ? 'AADToken' : d.pick(['Key', 'AMLToken'] as const),
          publicNetworkAccess: ok || !bad() ? 'Disabled' : 'Enabled',
          principalId: d.uuid(),
        }),
      );
    }
    if (!full() && d.chance(0.4)) {
      const ok = good();
      const account = cognitiveAccount(scope, {
        name: `oai-${suffix}`,
        kind: d.chance(0.7) ? 'OpenAI' : 'AIServices',
        publicNetworkAccess: ok || !bad() ? 'Disabled' : 'Enabled',
        disableLocalAuth: ok || !bad(),
        principalId: d.uuid(),
      });
      add(account);
      withDiagnostics(account.id, 'audit');
    }
    if (!full() && d.chance(0.3)) {
      const publicIp = !good() && bad();
      const pipId = providerId(
        scope.subscriptionId,
        scope.resourceGroup,
        'Microsoft.Network',
        'publicIPAddresses',
        `pip-vm-${suffix}`,
      );
      const nic = networkInterface(scope, {
        name: `nic-vm-${suffix}`,
        subnetId: shared.computeSubnet,
        privateIpAddress: `10.40.${2 + (group % 4)}.${4 + (group % 250)}`,
        ...(publicIp ? { publicIpAddressId: pipId } : {}),
      });
      add(nic);
      if (publicIp) {
        add(
          publicIpAddress(
            scope,
            `pip-vm-${suffix}`,
            `20.${d.int(1, 250)}.${d.int(0, 255)}.${d.int(1, 254)}`,
            nicIpConfigurationId(nic),
          ),
        );
      }
    }
  }

  return { tenantId, subscriptions, resources, secrets };
}
