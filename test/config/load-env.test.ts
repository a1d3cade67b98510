import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';
import { loadEnv } from '../../src/config/load-env';

const SAMPLE = join(import.meta.dirname, '..', '..', 'local.settings.sample.json');

interface LocalSettings {
  IsEncrypted: boolean;
  Values: Record<string, string>;
}

describe('loadEnv', () => {
  it('applies defaults and ignores settings ward does not know', () => {
    const env = loadEnv({ PATH: '/usr/bin', WARD_SUBSCRIPTIONS: ' a , b,, c ' });
    expect(env.WARD_ARM_ENDPOINT).toBe('https://management.azure.com');
    expect(env.WARD_LOG_LEVEL).toBe('info');
    expect(env.WARD_SUBSCRIPTIONS).toEqual(['a', 'b', 'c']);
    expect(env).not.toHaveProperty('PATH');
  });

  it('treats an empty setting as unset', () => {
    const env = loadEnv({ WARD_ARM_ENDPOINT: '', WARD_TEAMS_WEBHOOK_URL: '' });
    expect(env.WARD_ARM_ENDPOINT).toBe('https://management.azure.com');
    expect(env.WARD_TEAMS_WEBHOOK_URL).toBeUndefined();
  });

  it('names every bad setting', () => {
    let error: unknown;
    try {
      loadEnv({ WARD_ARM_ENDPOINT: 'not a url', WARD_LOG_LEVEL: 'loud' });
    } catch (cause) {
      error = cause;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe('env-invalid');
    expect(configError.problems.map((p) => p.path).sort()).toEqual([
      'WARD_ARM_ENDPOINT',
      'WARD_LOG_LEVEL',
    ]);
    expect(configError.message).toMatch(/WARD_ARM_ENDPOINT: /);
  });
});

describe('local.settings.sample.json', () => {
  const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as LocalSettings;

  it('names every app setting ward reads, plus the Functions host settings', () => {
    expect(sample.IsEncrypted).toBe(false);
    expect(sample.Values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(sample.Values.AzureWebJobsStorage).toBe('UseDevelopmentStorage=true');
    const named = Object.keys(sample.Values);
    for (const key of Object.keys(envSchema.shape)) expect(named).toContain(key);
  });

  it('holds values ward accepts', () => {
    expect(() => loadEnv(sample.Values)).not.toThrow();
  });
});
