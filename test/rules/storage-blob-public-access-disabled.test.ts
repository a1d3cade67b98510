import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { storageBlobPublicAccessDisabled as rule } from '../../src/rules/storage-blob-public-access-disabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const account = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.Storage/storageAccounts', 'sa', { properties });

const PATH = 'properties.allowBlobPublicAccess';

describe('storage-blob-public-access-disabled', () => {
  it('asks for approval to disable anonymous access', () => {
    expect(rule.metadata.remedy.actionId).toBe('storage-disable-blob-public-access');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it.each([
    ['false', { allowBlobPublicAccess: false }, 'pass'],
    ['true', { allowBlobPublicAccess: true }, 'fail'],
    ['absent', {}, 'fail'],
    ['null', { allowBlobPublicAccess: null }, 'fail'],
    ['the string "false"', { allowBlobPublicAccess: 'false' }, 'error'],
  ])('allowBlobPublicAccess %s → %s', (_what, properties, status) => {
    const outcome = rule.evaluate(account(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.evidence[0]).toMatchObject({ path: PATH, expected: 'false' });
  });

  it('fails closed on absent and says why', () => {
    const outcome = rule.evaluate(account({}), context);
    expect(outcome.message).toBe('Anonymous blob access is not disallowed explicitly.');
    expect(outcome.evidence[0]?.note).toMatch(/earlier api-versions.*Azure Policy/);
  });
});
