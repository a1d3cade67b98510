import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/policy';
import { decide } from '../../src/decide';
import { createExemptions } from '../../src/store/exemptions';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('exemptions');
const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-research';
const NOW = new Date('2026-11-23T12:00:00Z');

describe('exemptions', () => {
  it('lists only exemptions in force at the given time', async () => {
    const exemptions = createExemptions(newTables(), { clock: () => NOW });
    const short = await exemptions.add({
      ruleId: 'storage-shared-key-disabled',
      scope: RG,
      reason: 'legacy ingestion job until migration',
      expires: '2026-11-30T00:00:00Z',
      createdBy: 'ops@example.com',
    });
    const long = await exemptions.add({
      ruleId: '*',
      scope: RG,
      reason: 'research sandbox',
      expires: '2027-01-01',
    });
    expect(short.createdAt).toBe(NOW.toISOString());
    expect((await exemptions.listActive(NOW)).map((record) => record.id)).toEqual([
      short.id,
      long.id,
    ]);
    const later = new Date('2026-12-15T00:00:00Z');
    expect(await exemptions.listActive(later)).toEqual([long]);
    // A plain date ends as that day begins.
    expect(await exemptions.listActive(new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(await exemptions.listAll()).toHaveLength(2);
  });

  it('removes by id', async () => {
    const exemptions = createExemptions(newTables(), { clock: () => NOW });
    const record = await exemptions.add({
      ruleId: 'keyvault-rbac-authorization',
      scope: RG,
      reason: 'vault migrates next sprint',
      expires: '2026-12-01T00:00:00Z',
    });
    expect(await exemptions.remove(record.id)).toBe(true);
    expect(await exemptions.remove(record.id)).toBe(false);
    expect(await exemptions.listAll()).toEqual([]);
  });

  it('refuses an invalid or already expired exemption, naming the problem', async () => {
    const exemptions = createExemptions(newTables(), { clock: () => NOW });
    await expect(
      exemptions.add({ ruleId: '*', scope: RG, reason: '', expires: '2027-01-01' }),
    ).rejects.toThrow(/reason/);
    await expect(
      exemptions.add({ ruleId: '*', scope: 'rg-research', reason: 'x', expires: '2027-01-01' }),
    ).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
    await expect(
      exemptions.add({ ruleId: '*', scope: RG, reason: 'x', expires: '2026-11-01' }),
    ).rejects.toThrow(/not after/);
    expect(await exemptions.listAll()).toEqual([]);
  });
});

describe('exemption records in a decision', () => {
  it('a stored exemption read back makes decide record instead of remediate', async () => {
    const exemptions = createExemptions(newTables(), { clock: () => NOW });
    await exemptions.add({
      ruleId: 'storage-min-tls-1-2',
      scope: RG,
      reason: 'vendor appliance needs TLS 1.0 until its upgrade',
      expires: '2026-12-01T00:00:00Z',
      createdBy: 'ops@example.com',
    });
    const resourceId = `${RG.toUpperCase()}/providers/Microsoft.Storage/storageAccounts/legacy`;
    const given = {
      finding: {
        fingerprint: 'f'.repeat(32),
        ruleId: 'storage-min-tls-1-2' as const,
        resourceId,
        resourceType: 'Microsoft.Storage/storageAccounts',
        severity: 'medium' as const,
        message: 'TLS1_0 allowed',
        evidence: [],
        evaluatedAt: NOW.toISOString(),
      },
      rule: {
        id: 'storage-min-tls-1-2' as const,
        defaultMode: 'auto' as const,
        remedy: { actionId: 'storage-set-min-tls-1-2' as const, summary: 'Set TLS1_2.' },
      },
      policy: policySchema.parse({}),
      budget: { allowed: true, used: 0, limit: 20 },
      fixesInWindow: 0,
    };
    const during = decide({
      ...given,
      now: NOW,
      activeExemptions: await exemptions.listActive(NOW),
    });
    expect(during.verb).toBe('record');
    expect(during.reasons.map((reason) => reason.code)).toEqual(['mode', 'exempt-record']);
    expect(during.reasons[1]?.text).toContain('vendor appliance');

    const after = new Date('2026-12-02T00:00:00Z');
    const later = decide({
      ...given,
      now: after,
      activeExemptions: await exemptions.listActive(after),
    });
    expect(later.verb).toBe('remediate');
  });
});
