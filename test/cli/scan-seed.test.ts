import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judgedBodies, seedRounds } from '../recorded/corpus';
import { runCli } from './run-cli';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const deps = { now: () => NOW };
const dir = mkdtempSync(join(tmpdir(), 'ward-scan-seed-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface ScanJson {
  summary: { resources: number; readErrors: number };
  results: { resourceId: string; status: string }[];
}

describe('ward scan --simulator --seed FILE', () => {
  it("scans the user's seed through the live readers, not the bundled estate", async () => {
    const workspaces = judgedBodies().filter((e) => e.file.startsWith('ml-workspaces/'));
    const [round] = seedRounds(workspaces);
    if (!round) throw new Error('no seed');
    const file = join(dir, 'recorded.json');
    writeFileSync(file, JSON.stringify(round.seed));
    const run = await runCli(['scan', '--simulator', '--seed', file, '--format', 'json'], {
      deps,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as ScanJson;
    const ids = new Set(report.results.map((r) => r.resourceId.toLowerCase()));
    expect([...ids].sort()).toEqual(round.seed.resources.map((r) => r.id.toLowerCase()).sort());
    expect(report.summary.readErrors).toBe(0);
    expect(report.results.every((r) => ['pass', 'fail', 'skip'].includes(r.status))).toBe(true);
  });

  it('refuses --seed without --simulator', async () => {
    const run = await runCli(['scan', '--seed', join(dir, 'any.yaml')], { deps });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--seed needs --simulator');
  });

  it('exits 2 naming the file and the problem for a seed that is not valid', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ tenantId: 'not-a-guid', subscriptions: [] }));
    const run = await runCli(['scan', '--simulator', '--seed', file], { deps });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SEED_INVALID');
    expect(run.stderr).toContain(file);
  });
});
