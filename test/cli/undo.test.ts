import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WardActivity } from '../../src/app/create-ward';
import { loadPolicyFile } from '../../src/config/load-policy';
import { demoPolicyPath } from '../../src/cli/demo/package-root';
import { runDemo, type DemoRun } from '../../src/cli/demo/run-demo';
import { DEV_PRINCIPALS } from '../../src/demo/dev-signin';
import { runCli } from './run-cli';

type ActionActivity = Extract<WardActivity, { type: 'action' }>;

let run: DemoRun;
let dir: string;
const saved = process.env.WARD_DEMO_SESSION_FILE;

function action(actionId: string, resource: RegExp): ActionActivity {
  const found = run.activities.find(
    (a): a is ActionActivity =>
      a.type === 'action' &&
      a.actionId === actionId &&
      a.outcome === 'succeeded' &&
      resource.test(a.resourceId),
  );
  if (!found) throw new Error(`the demo made no ${actionId} on ${String(resource)}`);
  return found;
}

function armProperties(id: string): Record<string, unknown> {
  const body = run.handles.sim.state.get(id);
  if (!body?.properties) throw new Error(`${id} is not in the simulator`);
  return body.properties;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ward-undo-test-'));
  const sessionFile = join(dir, 'session.json');
  process.env.WARD_DEMO_SESSION_FILE = sessionFile;
  run = await runDemo({
    policy: loadPolicyFile(demoPolicyPath()),
    now: () => new Date(),
    env: {},
    progress: () => undefined,
    log: { write: () => undefined },
    sessionFile,
  });
  expect(run.summary.errors).toBe(0);
}, 90_000);

afterAll(async () => {
  await run.stop();
  if (saved === undefined) delete process.env.WARD_DEMO_SESSION_FILE;
  else process.env.WARD_DEMO_SESSION_FILE = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('ward undo --simulator on a running demo', () => {
  it('restores the value before a remediation, once', async () => {
    const fix = action('storage-set-min-tls-1-2', /\/storageAccounts\/stmlprodlegacy01$/);
    expect(armProperties(fix.resourceId).minimumTlsVersion).toBe('TLS1_2');

    const undo = await runCli(['undo', fix.ledgerId, '--simulator']);
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain(`Undid ${fix.ledgerId} (storage-set-min-tls-1-2)`);
    expect(undo.stdout).toContain('properties.minimumTlsVersion: "TLS1_2" → "TLS1_0"');
    expect(armProperties(fix.resourceId).minimumTlsVersion).toBe('TLS1_0');
    const recorded = /ledger entry (\S+)\./.exec(undo.stdout)?.[1] ?? '';
    const entry = await run.handles.ward.ledger.get(recorded);
    expect(entry?.relatedId ?? entry?.summary).toBeDefined();

    const again = await runCli(['undo', fix.ledgerId, '--simulator']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused (undo-already-undone)');
  });

  it('refuses when the resource changed after ward fixed it', async () => {
    const fix = action('ml-compute-set-idle-shutdown', /\/computes\/ci-bob$/);
    const body = run.handles.sim.state.get(fix.resourceId);
    if (!body) throw new Error('ci-bob is gone');
    // Someone set a different idle shutdown after ward did: undoing would overwrite it.
    const properties = structuredClone(body.properties ?? {});
    const inner = properties.properties as Record<string, unknown>;
    inner.idleTimeBeforeShutdown = 'PT15M';
    run.handles.sim.state.put({ ...body, properties });

    const undo = await runCli(['undo', fix.ledgerId, '--simulator']);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain('refused (undo-state-changed)');
    const after = run.handles.sim.state.get(fix.resourceId)?.properties?.properties as
      Record<string, unknown> | undefined;
    expect(after?.idleTimeBeforeShutdown).toBe('PT15M');
  });

  it('refuses an action that cannot be reversed (purge protection, approved on the approval page)', async () => {
    const requested = run.activities.find(
      (a) =>
        a.type === 'approval-requested' &&
        a.ruleId === 'keyvault-purge-protection-enabled' &&
        a.resourceId.endsWith('/vaults/kv-ml-prod-legacy'),
    );
    if (requested?.type !== 'approval-requested') throw new Error('no purge protection approval');
    const approver = DEV_PRINCIPALS.find((p) => p.roles.includes('Ward.Approver'));
    const origin = run.handles.approvals.origin;

    // Sign in on the development page, then approve on ward's approval page.
    const login = await (await fetch(`${origin}/.auth/login`)).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(login)?.[1] ?? '';
    const signedIn = await fetch(`${origin}/.auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ formToken, principal: approver?.id ?? '' }).toString(),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await fetch(requested.url, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(csrf).toBeDefined();
    const decided = await fetch(requested.url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrf ?? '', decision: 'approve' }).toString(),
    });
    expect(decided.status).toBe(200);
    expect(armProperties(requested.resourceId).enablePurgeProtection).toBe(true);

    const fix = action('keyvault-enable-purge-protection', /\/vaults\/kv-ml-prod-legacy$/);
    const undo = await runCli(['undo', fix.ledgerId, '--simulator']);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain('refused (undo-not-reversible)');
    expect(armProperties(requested.resourceId).enablePurgeProtection).toBe(true);
  });

  it('names an unknown ledger id', async () => {
    const undo = await runCli(['undo', '01JZZZZZZZZZZZZZZZZZZZZZZZ', '--simulator']);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain('refused (undo-not-found)');
  });
});

describe('ward undo without a running demo', () => {
  it('says how to start one', async () => {
    const previous = process.env.WARD_DEMO_SESSION_FILE;
    process.env.WARD_DEMO_SESSION_FILE = join(tmpdir(), 'ward-no-such-demo', 'session.json');
    try {
      const undo = await runCli(['undo', 'X', '--simulator']);
      expect(undo.code).toBe(1);
      expect(undo.stderr).toContain('ward demo --keep');
    } finally {
      process.env.WARD_DEMO_SESSION_FILE = previous;
    }
  });
});
