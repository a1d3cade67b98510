import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createUseCasesLoader, wardOptionsFromEnv } from '../../src/app/wire';
import { ConfigError } from '../../src/config/errors';

const BASE = {
  WARD_PRINCIPAL_ID: 'a0a0a0a0-0000-4000-8000-0000000000aa',
  WARD_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  WARD_SUBSCRIPTIONS: '22222222-2222-4222-8222-222222222222, 33333333-3333-4333-8333-333333333333',
};

/** A pino destination that keeps each log line, parsed. */
function logLines(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ConfigError))
    throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe('wardOptionsFromEnv', () => {
  it('builds options from app settings', async () => {
    const options = await wardOptionsFromEnv({
      ...BASE,
      WARD_APPROVAL_BASE_URL: 'https://ward.contoso.example',
      WEBSITE_AUTH_ENABLED: 'True',
      WARD_APPROVAL_TENANT_ID: '44444444-4444-4444-8444-444444444444',
      WARD_APPROVAL_CLIENT_ID: '55555555-5555-4555-8555-555555555555',
      WARD_APPROVAL_CSRF_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(options).toMatchObject({
      principalId: BASE.WARD_PRINCIPAL_ID,
      subscriptions: [
        '22222222-2222-4222-8222-222222222222',
        '33333333-3333-4333-8333-333333333333',
      ],
      tables: { connectionString: 'UseDevelopmentStorage=true' },
      armEndpoint: 'https://management.azure.com',
      approvalBaseUrl: 'https://ward.contoso.example',
      approvalSignIn: {
        tenantId: '44444444-4444-4444-8444-444444444444',
        audiences: [
          '55555555-5555-4555-8555-555555555555',
          'api://55555555-5555-4555-8555-555555555555',
        ],
      },
    });
    expect(options.csrfKey).toHaveLength(32);
    expect(options.policy.dryRun).toBe(false);
    expect(options.clientId).toBeUndefined();
  });

  it('reads the approval sign-in settings: JWKS URL, extra audience and clock skew', async () => {
    const options = await wardOptionsFromEnv({
      ...BASE,
      WARD_APPROVAL_TENANT_ID: '44444444-4444-4444-8444-444444444444',
      WARD_APPROVAL_CLIENT_ID: '55555555-5555-4555-8555-555555555555',
      WARD_APPROVAL_AUDIENCE: 'api://ward.contoso.example',
      WARD_APPROVAL_JWKS_URL: 'http://127.0.0.1:8080/keys',
      WARD_APPROVAL_CLOCK_SKEW_SECONDS: '30',
    });
    expect(options.approvalSignIn).toEqual({
      tenantId: '44444444-4444-4444-8444-444444444444',
      audiences: [
        '55555555-5555-4555-8555-555555555555',
        'api://55555555-5555-4555-8555-555555555555',
        'api://ward.contoso.example',
      ],
      jwksUrl: 'http://127.0.0.1:8080/keys',
      clockSkewSeconds: 30,
    });
  });

  it.each([
    [
      { WARD_APPROVAL_TENANT_ID: '44444444-4444-4444-8444-444444444444' },
      'WARD_APPROVAL_CLIENT_ID',
    ],
    [
      { WARD_APPROVAL_CLIENT_ID: '55555555-5555-4555-8555-555555555555' },
      'WARD_APPROVAL_TENANT_ID',
    ],
    [{ WARD_APPROVAL_TENANT_ID: 'contoso.onmicrosoft.com' }, 'WARD_APPROVAL_TENANT_ID'],
    [{ WARD_APPROVAL_JWKS_URL: 'http://login.example.net/keys' }, 'WARD_APPROVAL_JWKS_URL'],
    [{ WARD_APPROVAL_CLOCK_SKEW_SECONDS: '3600' }, 'WARD_APPROVAL_CLOCK_SKEW_SECONDS'],
  ])('refuses approval sign-in settings %j naming %s', async (settings, name) => {
    const error = await configError(wardOptionsFromEnv({ ...BASE, ...settings }));
    expect(error.message).toContain(name);
  });

  it('leaves approvals unconfigured (refused) without the sign-in settings', async () => {
    const options = await wardOptionsFromEnv(BASE);
    expect(options.approvalSignIn).toBeUndefined();
  });

  it('serves approval links from the App Service host when no base URL is set', async () => {
    const options = await wardOptionsFromEnv({
      ...BASE,
      WEBSITE_HOSTNAME: 'ward-prod.azurewebsites.net',
    });
    expect(options.approvalBaseUrl).toBe('https://ward-prod.azurewebsites.net');
  });

  it('uses the table endpoint with the same credential when WARD_STORAGE_TABLE_URL is set', async () => {
    const options = await wardOptionsFromEnv({
      WARD_PRINCIPAL_ID: BASE.WARD_PRINCIPAL_ID,
      WARD_STORAGE_TABLE_URL: 'https://stward.table.core.windows.net',
    });
    expect(options.tables).toEqual({
      url: 'https://stward.table.core.windows.net',
      credential: options.credential,
    });
  });

  it.each([
    [{ ...BASE, WARD_PRINCIPAL_ID: undefined }, 'WARD_PRINCIPAL_ID'],
    [{ ...BASE, WARD_STORAGE_CONNECTION_STRING: undefined }, 'WARD_STORAGE_TABLE_URL'],
    [{ ...BASE, WARD_ARM_ENDPOINT: 'not a url' }, 'WARD_ARM_ENDPOINT'],
    [{ ...BASE, WARD_CA_FILE: '/nonexistent/ca.pem' }, 'WARD_CA_FILE'],
    [{ ...BASE, WARD_APPROVAL_CSRF_KEY: 'c2hvcnQ=' }, 'WARD_APPROVAL_CSRF_KEY'],
    [{ ...BASE, WARD_POLICY_JSON: '{"dryRun": "yes"}' }, 'dryRun'],
    [
      {
        ...BASE,
        WARD_POLICY_JSON: '{"tickets":{"target":"webhook","webhookUrlSetting":"WARD_TICKETS_URL"}}',
      },
      'WARD_TICKETS_URL',
    ],
  ])('fails naming the bad setting (%#)', async (settings, name) => {
    const error = await configError(wardOptionsFromEnv(settings));
    expect(error.message).toContain(name);
  });

  it("takes ward's client id from AZURE_CLIENT_ID, to know its own writes by the appid claim", async () => {
    const options = await wardOptionsFromEnv({
      ...BASE,
      AZURE_CLIENT_ID: 'd0d0d0d0-0000-4000-8000-0000000000dd',
    });
    expect(options.clientId).toBe('d0d0d0d0-0000-4000-8000-0000000000dd');
  });

  it('refuses to start in Azure without a shared CSRF key: instances would refuse each other', async () => {
    const error = await configError(
      wardOptionsFromEnv({ ...BASE, WEBSITE_SITE_NAME: 'ward-prod', WEBSITE_AUTH_ENABLED: 'True' }),
    );
    expect(error.message).toContain('WARD_APPROVAL_CSRF_KEY');
    const key = Buffer.alloc(48, 9);
    const options = await wardOptionsFromEnv({
      ...BASE,
      WEBSITE_SITE_NAME: 'ward-prod',
      WARD_APPROVAL_CSRF_KEY: key.toString('base64'),
    });
    expect(Buffer.from(options.csrfKey ?? new Uint8Array()).equals(key)).toBe(true);
  });

  it('locally, without a CSRF key, makes one per process and says so', async () => {
    const log = logLines();
    const first = await wardOptionsFromEnv(BASE, log);
    const second = await wardOptionsFromEnv(BASE, logLines());
    expect(first.csrfKey).toHaveLength(32);
    expect(Buffer.from(first.csrfKey ?? []).equals(Buffer.from(second.csrfKey ?? []))).toBe(false);
    // The warning names the setting and what a per-process key means.
    expect(log.lines.filter((line) => line.setting !== undefined)).toEqual([
      expect.objectContaining({
        level: 40,
        setting: 'WARD_APPROVAL_CSRF_KEY',
        msg: expect.stringMatching(/made its own, so only this instance can accept approval forms/),
      }),
    ]);

    const configured = logLines();
    const options = await wardOptionsFromEnv(
      { ...BASE, WARD_APPROVAL_CSRF_KEY: Buffer.alloc(32, 3).toString('base64') },
      configured,
    );
    expect(Buffer.from(options.csrfKey ?? []).equals(Buffer.alloc(32, 3))).toBe(true);
    expect(configured.lines.filter((line) => line.setting !== undefined)).toEqual([]);
  });

  it('reads the CA file and the policy file the settings name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-wire-'));
    writeFileSync(
      join(dir, 'ca.pem'),
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    );
    writeFileSync(join(dir, 'policy.yaml'), 'dryRun: true\n');
    try {
      const options = await wardOptionsFromEnv({
        ...BASE,
        WARD_CA_FILE: join(dir, 'ca.pem'),
        WARD_POLICY_FILE: join(dir, 'policy.yaml'),
      });
      expect(String(options.ca)).toContain('BEGIN CERTIFICATE');
      expect(options.policy.dryRun).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createUseCasesLoader', () => {
  it('builds once and answers the same use cases on every call', async () => {
    const load = createUseCasesLoader({
      ...BASE,
      WARD_STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
    });
    const [first, second] = await Promise.all([load(), load()]);
    expect(first).toBe(second);
    expect(await load()).toBe(first);
    expect(typeof first.handleSignal).toBe('function');
  });

  it('keeps a configuration error: every call names the setting', async () => {
    const load = createUseCasesLoader({
      WARD_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    });
    const first = await configError(load());
    const second = await configError(load());
    expect(first).toBe(second);
    expect(first.message).toContain('WARD_PRINCIPAL_ID');
  });
});
