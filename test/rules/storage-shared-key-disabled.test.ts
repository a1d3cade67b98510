import { describe, expect, it } from 'vitest';
import type { EvaluationContext, Snapshot } from '../../src/domain';
import { storageSharedKeyDisabled as rule } from '../../src/rules/storage-shared-key-disabled';

const context: EvaluationContext = {
  now: new Date('2026-11-23T12:00:00Z'),
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
};

function account(properties: Record<string, unknown>): Snapshot {
  const resource = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa',
    name: 'sa',
    type: 'Microsoft.Storage/storageAccounts',
    properties,
  };
  return {
    resourceId: resource.id,
    resourceType: resource.type,
    subject: { kind: 'arm', resource },
    related: {},
  };
}

describe('storage-shared-key-disabled', () => {
  it('opens a ticket: disabling keys breaks clients that use them', () => {
    expect(rule.metadata.remedy.actionId).toBe('none');
    expect(rule.metadata.defaultMode).toBe('ticket');
  });

  it.each([
    ['false', { allowSharedKeyAccess: false }, 'pass', undefined],
    ['true', { allowSharedKeyAccess: true }, 'fail', true],
    ['absent', {}, 'fail', undefined],
    ['null', { allowSharedKeyAccess: null }, 'fail', null],
    ['0', { allowSharedKeyAccess: 0 }, 'error', 0],
  ])('allowSharedKeyAccess %s → %s', (_what, properties, status, actual) => {
    const outcome = rule.evaluate(account(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.evidence[0]).toMatchObject({
      path: 'properties.allowSharedKeyAccess',
      expected: 'false',
    });
    if (status !== 'pass') expect(outcome.evidence[0]?.actual).toBe(actual);
  });

  it('notes that absent is equivalent to true', () => {
    expect(rule.evaluate(account({}), context).evidence[0]?.note).toMatch(/equivalent to true/);
  });
});
