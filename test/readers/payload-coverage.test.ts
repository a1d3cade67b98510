import { describe, expect, it } from 'vitest';
import type { ArmResource } from '../../src/domain';
import {
  booleanPaths,
  hasPath,
  normaliseBooleans,
  PAYLOAD_COVERAGE,
  unsettledPaths,
} from '../../src/readers';
import { SECRET_RESOURCE_TYPE } from '../../src/domain';
import * as catalog from '../../src/rules/catalog';

const storage = (properties: Record<string, unknown>): ArmResource => ({
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st',
  name: 'st',
  type: 'Microsoft.Storage/storageAccounts',
  properties,
});

describe('payload coverage', () => {
  it('covers every rule that judges an ARM body', () => {
    const armRules = Object.values(catalog).filter(
      (rule) => !rule.metadata.resourceTypes.includes(SECRET_RESOURCE_TYPE),
    );
    expect(armRules.length).toBeGreaterThan(15);
    const uncovered = armRules
      .map((rule) => rule.metadata.id)
      .filter((id) => PAYLOAD_COVERAGE[id] === undefined);
    expect(uncovered).toEqual([]);
  });

  it('turns 1/0 back into booleans only where rules read booleans', () => {
    const body = storage({
      allowBlobPublicAccess: 1,
      allowSharedKeyAccess: 0,
      supportsHttpsTrafficOnly: 1,
      encryption: { services: { blob: { enabled: 1 } } },
    });
    const restored = normaliseBooleans(body, booleanPaths());
    expect(restored.properties?.allowBlobPublicAccess).toBe(true);
    expect(restored.properties?.allowSharedKeyAccess).toBe(false);
    // Not read by a rule: left as sent (a count of 0 is not false).
    expect(restored.properties?.supportsHttpsTrafficOnly).toBe(1);
    // The payload itself is not changed.
    expect(body.properties?.allowBlobPublicAccess).toBe(1);
  });

  it('leaves a number other than 1/0 alone, so the rule answers error', () => {
    const restored = normaliseBooleans(storage({ allowBlobPublicAccess: 2 }), booleanPaths());
    expect(restored.properties?.allowBlobPublicAccess).toBe(2);
  });

  it('settles a property the payload api-version carries, absent or not', () => {
    const body = storage({});
    const present = (path: string): boolean => hasPath(body, path);
    expect(unsettledPaths('storage-shared-key-disabled', body, '2019-06-01', present)).toEqual([]);
  });

  it('does not settle a property newer than the payload api-version', () => {
    const body = storage({});
    const present = (path: string): boolean => hasPath(body, path);
    expect(unsettledPaths('storage-shared-key-disabled', body, '2018-11-01', present)).toEqual([
      'properties.allowSharedKeyAccess (since 2019-04-01, payload at 2018-11-01)',
    ]);
  });

  it('settles a Resource Graph row (no api-version) only on what it holds', () => {
    const held = storage({ allowSharedKeyAccess: true });
    const empty = storage({});
    expect(
      unsettledPaths('storage-shared-key-disabled', held, undefined, (p) => hasPath(held, p)),
    ).toEqual([]);
    expect(
      unsettledPaths('storage-shared-key-disabled', empty, undefined, (p) => hasPath(empty, p)),
    ).toEqual(['properties.allowSharedKeyAccess']);
  });

  it('does not settle a top-level member the payload does not hold', () => {
    const compute: ArmResource = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/computes/c',
      name: 'c',
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      properties: { computeType: 'ComputeInstance' },
    };
    expect(
      unsettledPaths('ml-compute-managed-identity', compute, '2024-04-01', () => true),
    ).toEqual(['identity']);
    expect(
      unsettledPaths(
        'ml-compute-managed-identity',
        { ...compute, identity: null },
        '2024-04-01',
        () => true,
      ),
    ).toEqual([]);
  });
});
