import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { storageMinTls12 as rule } from '../../src/rules/storage-min-tls-1-2';
import { armSnapshot, ruleContext, secretSnapshot } from '../support/rule-snapshots';

const context = ruleContext();

const account = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.Storage/storageAccounts', 'sa', { properties });

const PATH = 'properties.minimumTlsVersion';

describe('storage-min-tls-1-2', () => {
  it('sets TLS 1.2 automatically', () => {
    expect(rule.metadata.remedy.actionId).toBe('storage-set-min-tls-1-2');
    expect(rule.metadata.defaultMode).toBe('auto');
  });

  it.each([
    ['TLS1_2', 'pass'],
    ['TLS1_3', 'pass'],
    ['tls1_2', 'pass'],
    ['TLS1_1', 'fail'],
    ['TLS1_0', 'fail'],
  ])('minimumTlsVersion %s → %s', (actual, status) => {
    const outcome = rule.evaluate(account({ minimumTlsVersion: actual }), context);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toBe(`Minimum TLS version is ${actual}.`);
    expect(outcome.evidence).toEqual([{ path: PATH, actual, expected: 'TLS1_2 or newer' }]);
  });

  it('fails an absent value and notes the TLS 1.0 service default', () => {
    const outcome = rule.evaluate(account({}), context);
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence[0]).toMatchObject({ path: PATH, actual: undefined });
    expect(outcome.evidence[0]?.note).toMatch(/TLS1_0/);
  });

  it('answers error for a non-string value or a non-ARM subject', () => {
    expect(rule.evaluate(account({ minimumTlsVersion: 12 }), context).status).toBe('error');
    const secret: Snapshot = {
      ...secretSnapshot({ id: 'https://v.vault.azure.net/secrets/s', attributes: {} }),
      resourceType: 'Microsoft.Storage/storageAccounts',
    };
    expect(rule.evaluate(secret, context).status).toBe('error');
  });
});
