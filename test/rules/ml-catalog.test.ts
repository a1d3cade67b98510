import { describe, expect, it } from 'vitest';
import type { Mode, RemedyActionId, RuleId } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { createRegistry } from '../../src/rules/registry';
import { CONTEXT, fixtureSnapshot } from './ml-fixture-snapshots';

const COMPUTES = 'Microsoft.MachineLearningServices/workspaces/computes';
const WORKSPACES = 'Microsoft.MachineLearningServices/workspaces';
const ENDPOINTS = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';

/** The catalog contract (DESIGN.md): remedy action and default mode per ML rule. */
const CONTRACT: [RuleId, string, RemedyActionId, Mode][] = [
  ['ml-compute-no-public-ip', COMPUTES, 'ml-compute-stop-or-scale-to-zero', 'approve'],
  ['ml-compute-ssh-disabled', COMPUTES, 'none', 'ticket'],
  ['ml-compute-local-auth-disabled', COMPUTES, 'none', 'ticket'],
  ['ml-compute-managed-identity', COMPUTES, 'ml-compute-assign-identity', 'ticket'],
  ['ml-compute-idle-shutdown', COMPUTES, 'ml-compute-set-idle-shutdown', 'auto'],
  ['ml-workspace-private-endpoint', WORKSPACES, 'ml-workspace-create-private-endpoint', 'approve'],
  [
    'ml-workspace-public-network-disabled',
    WORKSPACES,
    'ml-workspace-disable-public-network',
    'approve',
  ],
  ['ml-workspace-managed-network-isolated', WORKSPACES, 'none', 'ticket'],
  ['ml-workspace-cmk-encryption', WORKSPACES, 'none', 'audit'],
  ['ml-online-endpoint-aad-auth', ENDPOINTS, 'none', 'ticket'],
  [
    'ml-online-endpoint-public-network-disabled',
    ENDPOINTS,
    'ml-online-endpoint-disable-public-network',
    'ticket',
  ],
];

const registry = createRegistry();

describe('ML rules in the catalog', () => {
  it.each(CONTRACT)('%s judges %s, remedy %s, default %s', (id, type, actionId, mode) => {
    const { metadata } = registry.get(id);
    expect(metadata).toMatchObject({ id, resourceTypes: [type], defaultMode: mode });
    expect(metadata.remedy.actionId).toBe(actionId);
    expect(metadata.remedy.summary.length).toBeGreaterThan(20);
    expect(metadata.rationale).toMatch(/data scientist/);
    expect(metadata.rationale).toMatch(/ops engineer/);
    for (const policy of metadata.references.azurePolicy) {
      expect(policy.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    for (const url of metadata.references.docs) {
      expect(url).toMatch(/^https:\/\/learn\.microsoft\.com\/azure\//);
    }
  });

  it.each([
    [COMPUTES.toLowerCase(), 5],
    [WORKSPACES.toUpperCase(), 4],
    [ENDPOINTS, 2],
  ] as const)('routes %s to its %i ML rules', (type, count) => {
    const ids = registry.forType(type).map((rule) => rule.metadata.id);
    expect(ids.filter((id) => id.startsWith('ml-'))).toHaveLength(count);
  });

  it('gives an attached compute a skip from every compute rule, never a fail', () => {
    const snapshot = fixtureSnapshot('ml-compute-local-auth-disabled', 'skip-kubernetes-attached');
    const results = evaluateSnapshot(registry, snapshot, CONTEXT).filter((r) =>
      r.ruleId.startsWith('ml-compute-'),
    );
    expect(results.map((r) => [r.ruleId, r.status])).toEqual(
      CONTRACT.filter(([, type]) => type === COMPUTES).map(([id]) => [id, 'skip']),
    );
  });
});
