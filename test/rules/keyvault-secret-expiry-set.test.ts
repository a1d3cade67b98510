import { describe, expect, it } from 'vitest';
import type { KeyVaultSecret, Snapshot } from '../../src/domain';
import { keyvaultSecretExpirySet as rule } from '../../src/rules/keyvault-secret-expiry-set';
import { armSnapshot, ruleContext, secretSnapshot } from '../support/rule-snapshots';

const context = ruleContext();

function secret(
  attributes: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Snapshot {
  const body = {
    id: 'https://myvault.vault.azure.net/secrets/db-password/4387e9f3d6e14c459867679a90fd0f79',
    attributes: { enabled: true, created: 1493938410, ...attributes },
    ...extra,
  } as KeyVaultSecret;
  return secretSnapshot(body, 'https://myvault.vault.azure.net/secrets/db-password');
}

describe('keyvault-secret-expiry-set', () => {
  it('declares the auto remedy that sets the expiry', () => {
    expect(rule.metadata.remedy.actionId).toBe('keyvault-secret-set-expiry');
    expect(rule.metadata.defaultMode).toBe('auto');
    expect(rule.metadata.resourceTypes).toEqual(['Microsoft.KeyVault/vaults/secrets']);
  });

  it('fails a secret without exp and says absent means it never expires', () => {
    const outcome = rule.evaluate(secret({}), context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/no expiry/);
    expect(outcome.evidence).toEqual([
      {
        path: 'attributes.exp',
        actual: undefined,
        expected: 'an expiry time (Unix seconds)',
        note: expect.stringMatching(/never expires/) as string,
      },
    ]);
  });

  it.each([
    ['a future expiry', 1_798_027_200, '2026-12-23T12:00:00.000Z'],
    ['an expiry already past (near-expiry judges that)', 1_795_348_800, '2026-11-22T12:00:00.000Z'],
  ])('passes %s and shows it as ISO time', (_what, exp, iso) => {
    const outcome = rule.evaluate(secret({ exp }), context);
    expect(outcome).toMatchObject({ status: 'pass', message: `Secret expires at ${iso}.` });
    expect(outcome.evidence[0]).toMatchObject({ path: 'attributes.exp', actual: exp });
  });

  it.each([
    ['disabled', { enabled: false }, {}, 'attributes.enabled', /disabled/],
    ['Key Vault-managed', {}, { managed: true }, 'managed', /certificate/],
  ])('skips a %s secret with the reason', (_what, attributes, extra, path, message) => {
    const outcome = rule.evaluate(secret(attributes, extra), context);
    expect(outcome.status).toBe('skip');
    expect(outcome.message).toMatch(message);
    expect(outcome.evidence[0]?.path).toBe(path);
  });

  it.each([
    ['exp is a string', { exp: '2027-01-01' }, {}, 'attributes.exp'],
    ['exp is NaN', { exp: Number.NaN }, {}, 'attributes.exp'],
    ['enabled is a string', { enabled: 'yes' }, {}, 'attributes.enabled'],
    ['managed is a string', {}, { managed: 'true' }, 'managed'],
  ])('answers error when %s', (_what, attributes, extra, path) => {
    const outcome = rule.evaluate(secret(attributes, extra), context);
    expect(outcome.status).toBe('error');
    expect(outcome.evidence[0]?.path).toBe(path);
  });

  it('answers error for an ARM body instead of a data-plane secret', () => {
    const snapshot = armSnapshot('Microsoft.KeyVault/vaults/secrets', 'x');
    expect(rule.evaluate(snapshot, context).status).toBe('error');
  });
});
