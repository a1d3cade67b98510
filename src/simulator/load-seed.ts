import type { Seed } from './seed/format';
import { SeedError } from './seed/load';
import type { ArmBody, ResourceStore } from './state';
import { groupKey } from './arm/env';
import type { ArmEnv, ResourceGroupRecord } from './arm/env';
import { isRecord } from './arm/behaviour';
import { explodeSubnets } from './arm/behaviours/network';
import { ensureStorageServices } from './arm/behaviours/storage';
import { resourceTypeSpec } from './arm/resource-types';

const SUB_RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i;

/** Resource groups named by the seed's resources, at the location of the first one in each. */
export function seedResourceGroups(seed: Seed): Map<string, ResourceGroupRecord> {
  const groups = new Map<string, ResourceGroupRecord>();
  for (const r of seed.resources) {
    const m = SUB_RG.exec(r.id);
    if (!m?.[1] || !m[2]) continue;
    const key = groupKey(m[1], m[2]);
    if (!groups.has(key)) {
      groups.set(key, {
        id: `/subscriptions/${m[1]}/resourceGroups/${m[2]}`,
        name: m[2],
        location: r.location ?? 'eastus',
      });
    }
  }
  return groups;
}

/** Inline private endpoint connections in a seed become child resources (GET folds them back). */
function explodeConnections(store: ResourceStore, body: ArmBody): void {
  const inline = body.properties?.privateEndpointConnections;
  // An empty list stays in the body as the seed gave it (a storage account answers `[]`).
  if (!Array.isArray(inline) || inline.length === 0 || !body.properties) return;
  for (const c of inline) {
    if (!isRecord(c)) continue;
    const name = typeof c.name === 'string' ? c.name : undefined;
    const id =
      typeof c.id === 'string'
        ? c.id
        : name
          ? `${body.id}/privateEndpointConnections/${name}`
          : undefined;
    if (!id) continue;
    store.put({
      ...c,
      id,
      name: name ?? id.split('/').pop() ?? 'connection',
      type: `${body.type}/privateEndpointConnections`,
    });
  }
  delete body.properties.privateEndpointConnections;
}

/** Loads the seed's resources into the store, as the provider would hold them. */
export function loadSeedResources(env: ArmEnv, seed: Seed): void {
  const subs = new Set(seed.subscriptions.map((s) => s.subscriptionId.toLowerCase()));
  for (const r of seed.resources) {
    const sub = /^\/subscriptions\/([^/]+)/i.exec(r.id)?.[1]?.toLowerCase();
    if (!sub || !subs.has(sub)) {
      throw new SeedError(
        'SEED_INVALID',
        `seed resource ${r.id} is not in one of the seed's subscriptions`,
      );
    }
    const body: ArmBody = structuredClone(r);
    const spec = resourceTypeSpec(body.type);
    if (spec) body.type = spec.type;
    if (spec && spec.etag !== 'none' && typeof body.etag !== 'string') {
      body.etag =
        spec.etag === 'network'
          ? `W/"${env.random.uuid()}"`
          : `W/"datetime'${encodeURIComponent(new Date().toISOString())}'"`;
    }
    explodeConnections(env.store, body);
    env.store.put(body);
    if (body.type === 'Microsoft.Network/virtualNetworks') {
      explodeSubnets(env, body);
      const stored = env.store.get(body.id);
      if (stored?.properties) {
        delete stored.properties.subnets;
        env.store.put(stored);
      }
    }
    if (body.type === 'Microsoft.Storage/storageAccounts') ensureStorageServices(env, body);
  }
}
