import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { keyvaultRbacAuthorization as rule } from '../../src/rules/keyvault-rbac-authorization';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const vault = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.KeyVault/vaults', 'kv', { properties });

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
