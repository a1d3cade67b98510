import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './run-cli';

const summarySchema = z.strictObject({
  events: z.int().min(0),
  findings: z.int().min(0),
  remediated: z.int().min(0),
  approvalsPending: z.int().min(0),
  ticketed: z.int().min(0),
  audited: z.int().min(0),
  errors: z.int().min(0),
  ledgerEntries: z.int().min(0),
  teamsMessages: z.int().min(0),
  tickets: z
    .strictObject({
      system: z.string(),
      opened: z.int().min(0),
      commented: z.int().min(0),
      resolved: z.int().min(0),
    })
    .optional(),
  approvalUrls: z.array(z.url()),
  approvalsInTeams: z.int().min(0),
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ward demo --format json', () => {
  it('runs the whole service on the embedded default and stops everything it started', async () => {
    const run = await runCli(['demo', '--format', 'json']);
    if (run.code !== 0) throw new Error(`ward demo exited ${run.code}:\n${run.stderr}`);

    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = summarySchema.parse(JSON.parse(lines.at(-1) ?? ''));
    expect(Object.keys(summary).slice(0, 8)).toEqual([
      'events',
      'findings',
      'remediated',
      'approvalsPending',
      'ticketed',
      'audited',
      'errors',
      'ledgerEntries',
    ]);
    expect(summary.errors).toBe(0);
    expect(summary.remediated).toBeGreaterThanOrEqual(5);
    expect(summary.approvalsPending).toBeGreaterThanOrEqual(1);
    expect(summary.teamsMessages).toBeGreaterThan(0);
    // A quiet channel: the sweep's findings arrive as one digest, yet every approval is reachable.
    expect(summary.teamsMessages).toBeLessThanOrEqual(25);
    expect(summary.approvalsInTeams).toBe(summary.approvalUrls.length);
    // Counted from the Azure DevOps stand-in's own work items: one per ticket ward opened.
    expect(summary.tickets?.system).toBe('azure-devops');
    expect(summary.tickets?.opened).toBe(summary.ticketed);
    expect(summary.tickets?.opened).toBeGreaterThan(0);
    expect(summary.approvalUrls.length).toBeGreaterThan(0);
    expect(summary.findings).toBeGreaterThanOrEqual(summary.remediated);
    expect(summary.ledgerEntries).toBeGreaterThan(summary.remediated);
    for (const url of summary.approvalUrls) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/approvals\/[\w-]+$/);
    }

    // Progress went to stderr: the data scientist's three changes, each handled as it happened.
    expect(run.stderr).toContain('ci-dana-gpu');
    expect(run.stderr).toContain('dana-openai-key');
    expect(run.stderr).toMatch(/event\s+ResourceWriteSuccess .*computes\/ci-dana-gpu/);
    expect(run.stderr).toMatch(/finding ml-compute-no-public-ip on .*ci-dana-gpu/);
    expect(run.stderr).toMatch(/finding keyvault-secret-expiry-set on .*dana-openai-key/);
    expect(run.stderr).toMatch(/finding diagnostic-settings-enabled on vaults\/kv-ml-prod-secure/);

    // The servers are closed: nothing answers at the approval URLs any more.
    const first = summary.approvalUrls[0] ?? '';
    await expect(fetch(first)).rejects.toThrow();

    // Azurite was stopped by its pid.
    const pid = Number(/Azurite: \S+ \(pid (\d+)\)/.exec(run.stderr)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  }, 90_000);

  it('--events arn runs on Azure Resource Notifications payloads and remediates with no error', async () => {
    const run = await runCli(['demo', '--events', 'arn', '--format', 'json']);
    if (run.code !== 0) throw new Error(`ward demo exited ${run.code}:\n${run.stderr}`);
    const summary = summarySchema.parse(JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? ''));
    expect(summary.errors).toBe(0);
    expect(summary.remediated).toBeGreaterThanOrEqual(5);
    // The data scientist's compute arrives as an ARN event, not as ResourceWriteSuccess.
    expect(run.stderr).toMatch(/event\s+CreatedOrUpdated .*computes\/ci-dana-gpu/);
    expect(run.stderr).not.toMatch(/event\s+ResourceWriteSuccess/);
    expect(run.stderr).toMatch(/finding ml-compute-no-public-ip on .*ci-dana-gpu/);
  }, 90_000);

  it('refuses to start anything when ward runs in Azure', async () => {
    const saved = process.env.WEBSITE_SITE_NAME;
    process.env.WEBSITE_SITE_NAME = 'ward-prod';
    try {
      const run = await runCli(['demo', '--format', 'json']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('WEBSITE_SITE_NAME is set');
      expect(run.stderr).not.toContain('started');
    } finally {
      if (saved === undefined) delete process.env.WEBSITE_SITE_NAME;
      else process.env.WEBSITE_SITE_NAME = saved;
    }
  });

  it('names a policy file that does not validate', async () => {
    const run = await runCli(['demo', '--policy', 'test/fixtures/no-such-policy.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-policy.yaml');
  });
});

describe('ward demo (text)', () => {
  it('tells the story step by step and closes with the summary table', async () => {
    const run = await runCli(['demo']);
    if (run.code !== 0) throw new Error(`ward demo exited ${run.code}:\n${run.stderr}`);
    const out = run.stdout;
    expect(out).toContain('demo-policy.yaml');
    const steps = [
      '== sweep',
      '== compute instance ci-dana-gpu',
      '== secret dana-openai-key',
      '== diagnostic setting removed',
    ];
    const at = steps.map((step) => out.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The secret step: event → finding → decision → action → verify, in that order.
    const secretStep = out.slice(at[2], at[3]);
    const order = [
      /event\s+SecretNewVersionCreated vaults\/kv-ml-prod-legacy\/secrets\/dana-openai-key/,
      /finding keyvault-secret-expiry-set/,
      /decide\s+auto → fix it now/,
      /act\s+keyvault-secret-set-expiry on \S+dana-openai-key: succeeded \[ledger \w+\]/,
      /verify\s+re-read: the rule passes/,
    ].map((pattern) => secretStep.search(pattern));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).toMatch(/WHAT\s+COUNT\s+MEANING/);
    expect(out).toMatch(/errors\s+0\s/);
    expect(out).toContain('Approvals waiting (run `ward demo --keep`');
    // Each decision says why in its line; a decision that changed while acting says so too.
    expect(out).toMatch(
      /decide\s+auto → fix it now \(mode auto is set for keyvault-secret-expiry-set/,
    );
    expect(out).toMatch(
      /change\s+ml-workspace-public-network-disabled on \S+: approve → ticket, because /,
    );
    // ward's own writes are named as such, not as a person's change.
    expect(out).toMatch(/own\s+\S+: ward's own write; its event starts nothing/);
    expect(out.trimEnd()).toMatch(
      /Next steps on your own subscription:[\s\S]*ward scan[\s\S]*ward preflight[\s\S]*docs\/deployment\.md$/,
    );
    expect(out).not.toContain('\u001b[');
  }, 90_000);
});

describe('ward demo --keep', () => {
  it('serves the Teams channel and approvals, with a session for ward undo, until interrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ward-keep-test-'));
    const sessionFile = join(dir, 'session.json');
    const saved = process.env.WARD_DEMO_SESSION_FILE;
    process.env.WARD_DEMO_SESSION_FILE = sessionFile;
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (chunk: string) => ((stdout += chunk), true) },
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    };
    try {
      const { main } = await import('../../src/cli/main');
      const running = main(['demo', '--keep', '--format', 'json'], io);
      const state = { finished: false };
      void running.finally(() => {
        state.finished = true;
      });
      while (!stdout.includes('\n') && !state.finished) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (state.finished) throw new Error(`ward demo --keep stopped by itself:\n${stderr}`);
      const summary = summarySchema.parse(JSON.parse(stdout.trim()));
      expect(summary.errors).toBe(0);
      const teams = /Teams channel: (\S+)/.exec(stderr)?.[1] ?? '';
      const signIn = /Sign-in: +(\S+)/.exec(stderr)?.[1] ?? '';
      const page = await fetch(teams);
      expect(page.status).toBe(200);
      const messages = (await (await fetch(`${teams}/messages.json`)).json()) as {
        messages: unknown[];
      };
      expect(messages.messages).toHaveLength(summary.teamsMessages);
      expect((await fetch(signIn)).status).toBe(200);
      const session = JSON.parse(readFileSync(sessionFile, 'utf8')) as { pid: number };
      expect(session.pid).toBe(process.pid);

      process.emit('SIGTERM', 'SIGTERM');
      expect(await running).toBe(0);
      expect(existsSync(sessionFile)).toBe(false);
      await expect(fetch(teams)).rejects.toThrow();
      const pid = Number(/Azurite: \S+ \(pid (\d+)\)/.exec(stderr)?.[1]);
      expect(alive(pid)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.WARD_DEMO_SESSION_FILE;
      else process.env.WARD_DEMO_SESSION_FILE = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
