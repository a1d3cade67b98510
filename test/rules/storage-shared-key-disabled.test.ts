import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { storageSharedKeyDisabled as rule } from '../../src/rules/storage-shared-key-disabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const account = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.Storage/storageAccounts', 'sa', { properties });

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
