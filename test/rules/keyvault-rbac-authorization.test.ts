import { describe, expect, it } from 'vitest';
import type { EvaluationContext, Snapshot } from '../../src/domain';
import { keyvaultRbacAuthorization as rule } from '../../src/rules/keyvault-rbac-authorization';

const context: EvaluationContext = {
  now: new Date('2026-11-23T12:00:00Z'),
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
};

function vault(properties: Record<string, unknown>): Snapshot {
  const resource = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
    name: 'kv',
    type: 'Microsoft.KeyVault/vaults',
    properties,
  };
  return {
    resourceId: resource.id,
    resourceType: resource.type,
    subject: { kind: 'arm', resource },
    related: {},
  };
}

describe('keyvault-rbac-authorization', () => {
  it('opens a ticket rather than changing the permission model', () => {
    expect(rule.metadata.remedy.actionId).toBe('none');
    expect(rule.metadata.defaultMode).toBe('ticket');
  });

  it.each([
    ['true', { enableRbacAuthorization: true }, 'pass'],
    ['false', { enableRbacAuthorization: false }, 'fail'],
    ['absent', { accessPolicies: [] }, 'fail'],
    ['null', { enableRbacAuthorization: null }, 'fail'],
    ['a string', { enableRbacAuthorization: 'true' }, 'error'],
  ])('enableRbacAuthorization %s → %s', (_what, properties, status) => {
    const outcome = rule.evaluate(vault(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.evidence[0]).toMatchObject({
      path: 'properties.enableRbacAuthorization',
      expected: 'true',
    });
  });

  it('explains that absent means access policies at the pinned api-version', () => {
    const outcome = rule.evaluate(vault({}), context);
    expect(outcome.message).toMatch(/access policies/);
    expect(outcome.evidence[0]?.note).toMatch(/2025-05-01.*2026-02-01/);
  });
});
