import { describe, expect, it } from 'vitest';
import type { EvaluationContext, Rule, Snapshot } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { fingerprintOf } from '../../src/engine/fingerprint';
import { createRegistry } from '../../src/rules/registry';
import { storageMinTls12 } from '../../src/rules/storage-min-tls-1-2';

const context: EvaluationContext = {
  now: new Date('2026-11-23T00:00:00Z'),
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false },
};

function storageSnapshot(type: string, minimumTlsVersion: string): Snapshot {
  const resource = {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa',
    name: 'sa',
    type,
    properties: { minimumTlsVersion },
  };
  return {
    resourceId: resource.id,
    resourceType: type,
    subject: { kind: 'arm', resource },
    related: {},
  };
}

describe('evaluateSnapshot', () => {
  it('matches resource types case-insensitively', () => {
    const registry = createRegistry({ storageMinTls12 });
    const results = evaluateSnapshot(
      registry,
      storageSnapshot('microsoft.storage/STORAGEACCOUNTS', 'TLS1_0'),
      context,
    );
    expect(results.map((r) => [r.ruleId, r.status])).toEqual([['storage-min-tls-1-2', 'fail']]);
  });

  it('turns a throwing rule into an error result and keeps evaluating the others', () => {
    const throwing: Rule = {
      metadata: { ...storageMinTls12.metadata, id: 'storage-shared-key-disabled' },
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const registry = createRegistry({ storageMinTls12, storageSharedKeyDisabled: throwing });
    const results = evaluateSnapshot(
      registry,
      storageSnapshot('Microsoft.Storage/storageAccounts', 'TLS1_2'),
      context,
    );
    expect(results.find((r) => r.ruleId === 'storage-shared-key-disabled')).toMatchObject({
      status: 'error',
      message: expect.stringContaining('boom') as string,
    });
    expect(results.find((r) => r.ruleId === 'storage-min-tls-1-2')?.status).toBe('pass');
  });

  it('rejects an export whose name does not match its rule id', () => {
    expect(() => createRegistry({ wrongName: storageMinTls12 })).toThrow(
      /expected export storageMinTls12/,
    );
  });

  it('fingerprints ignore resource id case', () => {
    expect(fingerprintOf('storage-min-tls-1-2', '/subscriptions/A/x')).toBe(
      fingerprintOf('storage-min-tls-1-2', '/SUBSCRIPTIONS/a/X'),
    );
  });
});
