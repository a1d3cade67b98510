import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { defaultPolicy } from '../../src/config/load-policy';
import { startBundledSimulator } from '../../src/cli/demo/bundled-simulator';
import { scanHtml } from '../../src/cli/scan/format-html';
import { idHtml } from '../../src/cli/scan/report-words';
import { resourceLabel } from '../../src/cli/scan/format-text';
import { scanSarif } from '../../src/cli/scan/format-sarif';
import { runScan, type ScanReport } from '../../src/cli/scan/run-scan';
import { createRegistry } from '../../src/rules/registry';
import { SimulatorCredential, type Simulator } from '../../src/simulator';
import { INSECURE_ESTATE } from '../../src/simulator/seed/insecure-estate';
import { runCli } from './run-cli';
import { describeErrors, sarifValidator } from './sarif-schema';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const deps = { now: () => NOW };

const jsonShape = z.object({
  summary: z.object({
    subscriptions: z.array(z.string()).min(1),
    resources: z.number().int().positive(),
    fail: z.number().int(),
    pass: z.number().int(),
    skip: z.number().int(),
    error: z.number().int(),
    readErrors: z.literal(0),
    wouldDo: z.record(z.string(), z.number()),
  }),
  results: z.array(
    z.object({
      resourceId: z.string(),
      ruleId: z.string(),
      status: z.enum(['pass', 'fail', 'skip', 'error']),
      message: z.string(),
      evidence: z.array(z.object({ path: z.string(), expected: z.string() })),
      wouldDo: z
        .object({ verb: z.string(), mode: z.string(), reasons: z.array(z.unknown()) })
        .optional(),
    }),
  ),
  simulator: z.object({
    reads: z.number(),
    writes: z.number(),
    deletes: z.number(),
    actions: z.number(),
  }),
});

/** The fields the SARIF test reads; validity is the published schema's judgement (sarifValidator). */
const sarifFields = z.object({
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.literal('ward'),
            version: z.string(),
            rules: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                shortDescription: z.object({ text: z.string().min(1) }),
                helpUri: z.url().optional(),
                defaultConfiguration: z.object({ level: z.enum(['error', 'warning', 'note']) }),
                properties: z.object({ severity: z.string(), 'security-severity': z.string() }),
              }),
            ),
          }),
        }),
        results: z.array(
          z.object({
            ruleId: z.string(),
            ruleIndex: z.number().int().min(0),
            level: z.enum(['error', 'warning', 'note']),
            message: z.object({ text: z.string().min(1) }),
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({ artifactLocation: z.object({ uri: z.url() }) }),
                  logicalLocations: z.array(z.object({ fullyQualifiedName: z.string() })),
                }),
              )
              .length(1),
            partialFingerprints: z.record(z.string(), z.string()),
          }),
        ),
      }),
    )
    .length(1),
});

describe('ward scan --simulator', () => {
  it('prints results and a summary as JSON, having sent no write, delete or action', async () => {
    const run = await runCli(['scan', '--simulator', '--format', 'json'], { deps });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = jsonShape.parse(JSON.parse(run.stdout));
    expect(report.simulator).toMatchObject({ writes: 0, deletes: 0, actions: 0 });
    expect(report.simulator.reads).toBeGreaterThan(report.summary.resources);
    const failing = report.results.filter((r) => r.status === 'fail');
    expect(failing.length).toBe(report.summary.fail);
    expect(failing.every((r) => r.wouldDo !== undefined)).toBe(true);
    // The estate's legacy storage account allows TLS 1.0: ward would fix it by itself.
    const tls = failing.find(
      (r) =>
        r.ruleId === 'storage-min-tls-1-2' &&
        r.resourceId.endsWith(`/storageAccounts/${INSECURE_ESTATE.storageAccounts.legacy}`),
    );
    expect(tls?.wouldDo?.verb).toBe('remediate');
    // The secure account passes the same rule.
    expect(
      report.results.find(
        (r) =>
          r.ruleId === 'storage-min-tls-1-2' &&
          r.resourceId.endsWith(`/${INSECURE_ESTATE.storageAccounts.secure}`),
      )?.status,
    ).toBe('pass');
    // Secrets are listed from the vaults and judged too.
    expect(
      failing.some(
        (r) =>
          r.ruleId === 'keyvault-secret-expiry-set' &&
          r.resourceId.includes('/secrets/notebook-token'),
      ),
    ).toBe(true);
  });

  it('writes SARIF 2.1.0 with one rule per catalog rule and a location per failing result', async () => {
    const run = await runCli(['scan', '--simulator', '--format', 'sarif'], { deps });
    expect(run.code).toBe(0);
    const log: unknown = JSON.parse(run.stdout);
    const validate = sarifValidator();
    expect(validate(log), describeErrors(validate.errors).join('\n')).toBe(true);
    expect(describeErrors(validate.errors)).toEqual([]);
    const sarif = sarifFields.parse(log);
    const [only] = sarif.runs;
    if (!only) throw new Error('no run');
    const catalog = createRegistry().rules.map((rule) => rule.metadata.id);
    expect(only.tool.driver.rules.map((rule) => rule.id)).toEqual(catalog);
    expect(only.results.length).toBeGreaterThan(10);
    for (const result of only.results) {
      expect(only.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
    const nic = only.results.find((r) => r.ruleId === 'network-nic-no-public-ip');
    expect(nic?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toMatch(
      /\/networkInterfaces\/nic-jumpbox$/,
    );
    expect(nic?.level).toBe('error');
  });

  it('prints the summary table for people and says nothing was changed', async () => {
    const run = await runCli(['scan', '--simulator'], { deps });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^SEVERITY\s+RULE\s+RESOURCE\s+WOULD DO/);
    expect(run.stdout).toContain('storageAccounts/stmlprodlegacy01');
    expect(run.stdout).toMatch(/\d+ resources in 2 subscription\(s\): \d+ failing/);
    expect(run.stdout).toContain('Dry run: nothing was changed.');
  });

  it('writes a self-contained HTML report naming secrets by their vault', async () => {
    const run = await runCli(['scan', '--simulator', '--format', 'html'], { deps });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
    expect(run.stdout).toContain(
      idHtml(
        resourceLabel({
          resourceId: 'https://x/secrets/notebook-token',
          vaultId:
            '/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv-ml-research',
        }),
      ),
    );
    // Its one script is inline; nothing is loaded from anywhere.
    expect(run.stdout.match(/<script/g)).toHaveLength(1);
    expect(run.stdout).not.toMatch(/<link|<[^>]*\s(src|href)=/i);
    // Each finding's remedy comes from the catalog.
    expect(run.stdout).toContain('<h3>Remedy</h3>');
  });

  it('needs subscriptions against real Azure', async () => {
    const saved = process.env.WARD_SUBSCRIPTIONS;
    delete process.env.WARD_SUBSCRIPTIONS;
    try {
      const run = await runCli(['scan'], { deps });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--subscription');
    } finally {
      if (saved !== undefined) process.env.WARD_SUBSCRIPTIONS = saved;
    }
  });
});

describe('runScan against a simulator the test holds', () => {
  let sim: Simulator;
  let report: ScanReport;

  beforeAll(async () => {
    sim = await startBundledSimulator({ now: NOW });
    sim.counters.reset();
    const clients = createAzureClients({
      credential: new SimulatorCredential({ oid: 'scan-test', tid: sim.tenantId }),
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      throttle: new ThrottleBuckets(),
    });
    report = await runScan({
      clients,
      registry: createRegistry(),
      policy: { ...defaultPolicy(), rules: { 'storage-min-tls-1-2': { mode: 'audit' } } },
      subscriptions: sim.subscriptions.map((s) => s.subscriptionId),
      now: () => NOW,
    });
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('sends reads only', () => {
    const calls = sim.counters.snapshot().total;
    expect(calls.reads).toBeGreaterThan(0);
    expect(calls.writes + calls.deletes + calls.actions).toBe(0);
  });

  it('decides with the policy given: a rule in audit would be recorded', () => {
    const tls = report.results.filter(
      (r) => r.ruleId === 'storage-min-tls-1-2' && r.status === 'fail',
    );
    expect(tls.length).toBeGreaterThan(0);
    expect(tls.every((r) => r.wouldDo?.verb === 'record')).toBe(true);
  });

  it('goes on when a vault will not list its secrets, naming the vault', async () => {
    const fault = sim.faults.add({
      // ARM's secrets listing of every vault.
      match: {
        method: 'GET',
        pathPattern: /\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/secrets\/?$/i,
      },
      times: Infinity,
      kind: '500',
    });
    try {
      const clients = createAzureClients({
        credential: new SimulatorCredential({ oid: 'scan-test', tid: sim.tenantId }),
        armEndpoint: sim.armUrl,
        ca: sim.ca,
        throttle: new ThrottleBuckets(),
        retryOptions: { maxRetries: 0 },
      });
      const faulted = await runScan({
        clients,
        registry: createRegistry(),
        policy: defaultPolicy(),
        subscriptions: sim.subscriptions.map((s) => s.subscriptionId),
        now: () => NOW,
      });
      const vaults = sim.state.list({ type: 'Microsoft.KeyVault/vaults' }).map((v) => v.id);
      expect(faulted.readErrors.map((e) => e.resourceId).sort()).toEqual([...vaults].sort());
      expect(faulted.readErrors[0]?.message).toContain('secrets could not be listed');
      expect(faulted.results.some((r) => r.resourceId.includes('/secrets/'))).toBe(false);
      // The vaults themselves and everything else are still judged.
      expect(faulted.results.some((r) => r.ruleId === 'keyvault-purge-protection-enabled')).toBe(
        true,
      );
      expect(faulted.summary.readErrors).toBe(vaults.length);
      // SARIF reports them as failed execution notifications, still a valid SARIF 2.1.0 log.
      const log = scanSarif(faulted, createRegistry().rules);
      const validate = sarifValidator();
      expect(validate(log), describeErrors(validate.errors).join('\n')).toBe(true);
      expect(log).toMatchObject({
        runs: [
          {
            invocations: [
              {
                executionSuccessful: false,
                toolExecutionNotifications: vaults.map(() => ({ level: 'error' })),
              },
            ],
          },
        ],
      });
    } finally {
      fault.remove();
    }
  });

  it('renders a self-contained HTML report with every value escaped', () => {
    const hostile: ScanReport = {
      ...report,
      results: report.results.map((r, i) =>
        i === 0 ? { ...r, status: 'fail', message: '<img src=x onerror=alert(1)> & "quoted"' } : r,
      ),
    };
    const html = scanHtml(hostile, createRegistry().rules);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<img src=x');
    // As text, once the report's own tags are taken out.
    expect(html.replace(/<[^>]+>/g, '')).toContain(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;',
    );
    expect(html.match(/<script/g)).toHaveLength(1);
    // No tag loads anything (attribute values, where the escaped text also sits, set aside).
    expect(html.replace(/"[^"]*"/g, '""')).not.toMatch(/<link|<[^>]*\s(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });
});
