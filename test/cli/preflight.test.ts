import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { INSECURE_ESTATE } from '../../src/simulator/seed/insecure-estate';
import { runCli } from './run-cli';

const reportSchema = z.strictObject({
  checks: z.array(
    z.strictObject({
      id: z.string().min(1),
      scope: z.string().min(1),
      status: z.enum(['ok', 'fix']),
      detail: z.string().min(1),
      fix: z.string(),
    }),
  ),
});

describe('ward preflight --simulator', () => {
  it('checks every subscription and vault of the bundled estate as JSON, and exits 1 for what needs a fix', async () => {
    const run = await runCli(['preflight', '--simulator', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = reportSchema.parse(JSON.parse(run.stdout));
    const scopes = new Set(report.checks.map((c) => c.scope));
    for (const sub of Object.values(INSECURE_ESTATE.subscriptions)) {
      expect(scopes).toContain(`/subscriptions/${sub}`);
    }
    const vaults = report.checks.filter((c) => c.id === 'vault-network').map((c) => c.scope);
    expect(vaults).toHaveLength(Object.keys(INSECURE_ESTATE.vaults).length);
    // The estate's private vault refuses ward's data plane.
    const secure = report.checks.find(
      (c) => c.id === 'vault-network' && c.scope.endsWith(`/${INSECURE_ESTATE.vaults.secure}`),
    );
    expect(secure?.status).toBe('fix');
    // Every fix says what to do.
    for (const check of report.checks.filter((c) => c.status === 'fix')) {
      expect(check.fix, check.id).not.toBe('');
    }
  });

  it('exits 0 when every check is ok, with a table for people', async () => {
    const run = await runCli([
      'preflight',
      '--simulator',
      '--subscription',
      INSECURE_ESTATE.subscriptions.prod,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status {2}check +scope +detail\n/);
    expect(run.stdout).toMatch(/\nok {6}provider-eventgrid +/);
    expect(run.stdout).toContain(
      'subscription-topic (' + INSECURE_ESTATE.subscriptions.prod + '): pass neither',
    );
    expect(run.stdout).toMatch(/\n\d+ checks: (\d+) ok, 0 to fix\n$/);
  });

  it('exits 2 naming what it cannot read', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const run = await runCli(['preflight', '--simulator', '--subscription', unknown]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `ward preflight: cannot read provider Microsoft.EventGrid of ${unknown} (SubscriptionNotFound: The subscription '${unknown}' could not be found.)`,
    );
  });
});

describe('without Azure credentials', () => {
  beforeEach(() => {
    // Only the Azure CLI credential, and no `az` on the path: what a machine without a sign-in has.
    vi.stubEnv('AZURE_TOKEN_CREDENTIALS', 'AzureCliCredential');
    vi.stubEnv('PATH', '/nonexistent');
    vi.stubEnv('WEBSITE_SITE_NAME', undefined);
    vi.stubEnv('AZURE_CLIENT_ID', undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  for (const command of [
    ['preflight', '--subscription', '11111111-1111-1111-1111-111111111111'],
    ['scan', '--subscription', '11111111-1111-1111-1111-111111111111'],
  ]) {
    it(`ward ${command[0] ?? ''} says to run az login, in one line and no stack`, async () => {
      const run = await runCli(command);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        'ward: no Azure credentials found: run `az login` (and `az account set --subscription <id>`), then try again\n',
      );
    });
  }
});
