import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors';
import { loadEnv } from '../../src/config/load-env';

function problemOf(settings: Record<string, string>): string {
  try {
    loadEnv(settings);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the settings were accepted');
}

describe('approval app settings', () => {
  it('decodes the CSRF key and reads App Service authentication', () => {
    const key = Buffer.alloc(48, 9);
    const env = loadEnv({
      WARD_APPROVAL_CSRF_KEY: key.toString('base64'),
      WEBSITE_AUTH_ENABLED: 'True',
    });
    expect(Buffer.from(env.WARD_APPROVAL_CSRF_KEY ?? new Uint8Array()).equals(key)).toBe(true);
    expect(env.WEBSITE_AUTH_ENABLED).toBe(true);
    expect(loadEnv({ WEBSITE_AUTH_ENABLED: 'false' }).WEBSITE_AUTH_ENABLED).toBe(false);
    const unset = loadEnv({ WARD_APPROVAL_CSRF_KEY: '', WEBSITE_AUTH_ENABLED: '' });
    expect(unset.WARD_APPROVAL_CSRF_KEY).toBeUndefined();
    expect(unset.WEBSITE_AUTH_ENABLED).toBeUndefined();
  });

  it('refuses a short key, a key that is not base64 and an unresolved Key Vault reference', () => {
    expect(problemOf({ WARD_APPROVAL_CSRF_KEY: Buffer.alloc(31, 1).toString('base64') })).toMatch(
      /WARD_APPROVAL_CSRF_KEY: must decode to at least 32 bytes/,
    );
    expect(problemOf({ WARD_APPROVAL_CSRF_KEY: 'correct horse battery staple' })).toMatch(
      /WARD_APPROVAL_CSRF_KEY: must be base64/,
    );
    expect(
      problemOf({
        WARD_APPROVAL_CSRF_KEY:
          '@Microsoft.KeyVault(SecretUri=https://kv-ward.vault.azure.net/secrets/approval-csrf-key/)',
      }),
    ).toMatch(/WARD_APPROVAL_CSRF_KEY: is a Key Vault reference App Service could not resolve/);
    expect(problemOf({ WEBSITE_AUTH_ENABLED: 'yes' })).toMatch(
      /WEBSITE_AUTH_ENABLED: must be True or False/,
    );
  });

  it('never puts the key in the error', () => {
    const secret = Buffer.alloc(16, 200).toString('base64');
    expect(problemOf({ WARD_APPROVAL_CSRF_KEY: secret })).not.toContain(secret);
  });
});
