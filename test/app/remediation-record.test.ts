import { describe, expect, it } from 'vitest';
import { parseRemediationRecord, remediationRecord } from '../../src/app/remediation-record';
import type { ActionPlan } from '../../src/actions/types';
import { watermarkKey } from '../../src/app/scope';

const plan: ActionPlan = {
  actionId: 'storage-set-min-tls-1-2',
  resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st',
  resourceType: 'Microsoft.Storage/storageAccounts',
  summary: 'Set minimumTlsVersion to TLS1_2',
  changes: [{ path: 'properties.minimumTlsVersion', before: undefined, after: 'TLS1_2' }],
  parameters: {},
};

describe('remediation records in the ledger', () => {
  it('round-trips a plan through JSON, an absent before value included', () => {
    const text = JSON.stringify(
      remediationRecord(plan, { revertData: { id: 'x' } }, { id: 'body' }),
    );
    expect(parseRemediationRecord(text)).toEqual({
      plan: { ...plan, changes: [{ path: 'properties.minimumTlsVersion', after: 'TLS1_2' }] },
      applied: { revertData: { id: 'x' } },
      body: { id: 'body' },
    });
  });

  it('leaves out a body too large to keep, never the plan', () => {
    const record = remediationRecord(plan, {}, { big: 'x'.repeat(200_000) });
    expect(record.body).toBeUndefined();
    expect(parseRemediationRecord(JSON.stringify(record))?.plan.actionId).toBe(plan.actionId);
  });

  it.each([
    ['not json', '{'],
    ['a decision plan only', JSON.stringify({ plan: { actionId: 'storage-set-min-tls-1-2' } })],
    [
      'an unknown action',
      JSON.stringify({ plan: { ...plan, actionId: 'delete-everything' }, applied: {} }),
    ],
  ])('answers undefined for %s', (_name, text) => {
    expect(parseRemediationRecord(text)).toBeUndefined();
  });
});

describe('watermark keys', () => {
  it('keys a secret by its versionless id and leaves ARM ids alone', () => {
    expect(watermarkKey('https://kv.vault.azure.net/secrets/db/0123abcd')).toBe(
      'https://kv.vault.azure.net/secrets/db',
    );
    expect(watermarkKey(plan.resourceId)).toBe(plan.resourceId);
  });
});
