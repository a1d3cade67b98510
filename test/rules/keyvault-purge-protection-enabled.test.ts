import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain';
import { keyvaultPurgeProtectionEnabled as rule } from '../../src/rules/keyvault-purge-protection-enabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();

const vault = (properties: Record<string, unknown>): Snapshot =>
  armSnapshot('Microsoft.KeyVault/vaults', 'kv', {
    properties: { tenantId: 't', vaultUri: 'https://kv.vault.azure.net', ...properties },
  });

const PATH = 'properties.enablePurgeProtection';

describe('keyvault-purge-protection-enabled', () => {
  it('asks for approval before the irreversible change', () => {
    expect(rule.metadata.remedy.actionId).toBe('keyvault-enable-purge-protection');
    expect(rule.metadata.defaultMode).toBe('approve');
  });

  it.each([
    ['true', { enablePurgeProtection: true }, 'pass'],
    ['true with soft delete on', { enablePurgeProtection: true, enableSoftDelete: true }, 'pass'],
    ['false', { enablePurgeProtection: false }, 'fail'],
    ['absent', {}, 'fail'],
    ['null', { enablePurgeProtection: null }, 'fail'],
    ['a string', { enablePurgeProtection: 'true' }, 'error'],
  ])('enablePurgeProtection %s → %s', (_what, properties, status) => {
    const outcome = rule.evaluate(vault(properties), context);
    expect(outcome.status).toBe(status);
    expect(outcome.evidence[0]?.path).toBe(PATH);
    expect(outcome.message.length).toBeGreaterThan(0);
  });

  it('notes that absent means off and that the setting only goes one way', () => {
    const [evidence] = rule.evaluate(vault({}), context).evidence;
    expect(evidence).toEqual({
      path: PATH,
      actual: undefined,
      expected: 'true',
      note: 'Absent means off: purge protection is never on by default. It can be turned on, never off.',
    });
  });

  it('fails when soft delete is off, even with purge protection set', () => {
    const outcome = rule.evaluate(
      vault({ enablePurgeProtection: true, enableSoftDelete: false }),
      context,
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence[1]).toMatchObject({
      path: 'properties.enableSoftDelete',
      actual: false,
      note: expect.stringMatching(/effective only when soft delete is on/) as string,
    });
  });
});
