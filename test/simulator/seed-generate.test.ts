import { describe, expect, it } from 'vitest';
import { generateEstate } from '../../src/simulator/seed/generate';
import type { SeedResource } from '../../src/simulator/seed/format';
import { parseSeed, SeedError } from '../../src/simulator/seed/load';

function prop(resource: SeedResource, key: string): unknown {
  return resource.properties?.[key];
}

describe('generateEstate', () => {
  const estate = generateEstate({ resources: 10_000, seed: 42, subscriptions: 4 });

  it('produces exactly the requested number of resources as a valid seed', () => {
    expect(estate.resources).toHaveLength(10_000);
    expect(() => parseSeed(estate, 'generated')).not.toThrow();
    expect(estate.subscriptions).toHaveLength(4);
  });

  it('spreads resources over every subscription', () => {
    const perSubscription = new Map<string, number>();
    for (const r of estate.resources) {
      const sub = r.id.split('/')[2]!;
      perSubscription.set(sub, (perSubscription.get(sub) ?? 0) + 1);
    }
    expect(perSubscription.size).toBe(4);
    for (const count of perSubscription.values()) expect(count).toBeGreaterThan(2000);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const again = generateEstate({ resources: 10_000, seed: 42, subscriptions: 4 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(estate));
    const other = generateEstate({ resources: 10_000, seed: 43, subscriptions: 4 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(estate));
  });

  it('mixes the watched types, with a compliant share and a failing share', () => {
    const types = new Set(estate.resources.map((r) => r.type));
    for (const type of [
      'Microsoft.MachineLearningServices/workspaces',
      'Microsoft.MachineLearningServices/workspaces/computes',
      'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
      'Microsoft.KeyVault/vaults',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.CognitiveServices/accounts',
      'Microsoft.Network/networkInterfaces',
      'Microsoft.Network/publicIPAddresses',
      'Microsoft.Network/privateEndpoints',
      'Microsoft.Insights/diagnosticSettings',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
    const storage = estate.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts');
    const compliant = storage.filter(
      (s) =>
        prop(s, 'minimumTlsVersion') === 'TLS1_2' &&
        prop(s, 'allowBlobPublicAccess') === false &&
        prop(s, 'allowSharedKeyAccess') === false,
    );
    const share = compliant.length / storage.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.7);
    const vaults = estate.resources.filter((r) => r.type === 'Microsoft.KeyVault/vaults');
    expect(estate.secrets.length).toBe(vaults.length * 3);
    expect(estate.secrets.some((s) => s.attributes.exp === undefined)).toBe(true);
  });

  it('honours compliantShare 1 and 0', () => {
    const allGood = generateEstate({ resources: 500, seed: 1, compliantShare: 1 });
    const storage = allGood.resources.filter((r) => r.type === 'Microsoft.Storage/storageAccounts');
    expect(storage.every((s) => prop(s, 'minimumTlsVersion') === 'TLS1_2')).toBe(true);
    expect(allGood.secrets.every((s) => s.attributes.exp !== undefined)).toBe(true);
    const allBad = generateEstate({ resources: 500, seed: 1, compliantShare: 0 });
    const publicWorkspaces = allBad.resources.filter(
      (r) =>
        r.type === 'Microsoft.MachineLearningServices/workspaces' &&
        prop(r, 'publicNetworkAccess') === 'Enabled',
    );
    expect(publicWorkspaces.length).toBeGreaterThan(0);
  });

  it('handles tiny sizes and rejects bad options', () => {
    expect(generateEstate({ resources: 0, seed: 1 }).resources).toHaveLength(0);
    expect(generateEstate({ resources: 3, seed: 1, subscriptions: 2 }).resources).toHaveLength(3);
    expect(() => generateEstate({ resources: -1, seed: 1 })).toThrow(/resources/);
    expect(() => generateEstate({ resources: 10, seed: 1, subscriptions: 0 })).toThrow(
      /subscriptions/,
    );
    const badShare = (() => {
      try {
        generateEstate({ resources: 10, seed: 1, compliantShare: 2 });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(badShare).toBeInstanceOf(SeedError);
    expect((badShare as SeedError).code).toBe('SEED_OPTIONS_INVALID');
    expect((badShare as SeedError).message).toMatch(/compliantShare/);
  });
});
