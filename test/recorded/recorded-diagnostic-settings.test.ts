import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RuleResult } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { readSnapshot } from '../../src/readers';
import { createRegistry } from '../../src/rules/registry';
import { startSimulator } from '../../src/simulator';
import type { SimulatorPlugin } from '../../src/simulator/core';
import { runCli } from '../cli/run-cli';
import { simulatorClients, WARD_PRINCIPAL_ID } from '../support/simulator';
import { recordedBodies, recordedFiles, seedRounds, type RecordedBody } from './corpus';

const RULE = 'diagnostic-settings-enabled';
const NOW = new Date('2026-11-23T09:00:00.000Z');
const CONTEXT = {
  now: NOW,
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: true },
};
const registry = createRegistry();

/**
 * The recorded settings were made on an NSG and a Logic App workflow (see SOURCE.md): their ids
 * stay as recorded. ward's rule reads only their logs and destinations, so each is judged as the
 * settings list of every watched type that carries diagnostic settings.
 */
const settings = recordedFiles('diagnostic-settings').map(({ file, value }) => ({
  file,
  body: value as Record<string, unknown>,
}));

/** One recorded body of each watched type, and where its settings are read from. */
const WATCHED = [
  { file: 'keyvault-vaults/vault14698-2018-02-14.json', service: undefined },
  { file: 'cognitive-accounts/cs_cli_test-face-succeeded-2022-03-01.json', service: undefined },
  { file: 'ml-workspaces/nthandetest-2023-01.json', service: undefined },
  { file: 'storage-accounts/storage-blob-2017-10-01.json', service: 'blobServices' },
] as const;

/** What each recorded setting lacks for every watched type: the rule's own words. */
const EXPECTED: Record<string, RegExp> = {
  // Storage account only: nothing reaches Log Analytics.
  'diagnostic-settings/nsg000003-test01-storage-2017-05-01-preview.json':
    /^No diagnostic setting on .* sends logs to a Log Analytics workspace\.$/,
  // A workspace, but NSG categories: the audit categories are missing.
  'diagnostic-settings/nsg000003-test02-workspace-dedicated-2017-05-01-preview.json':
    /^Audit logs of .* missing from Log Analytics: /,
  'diagnostic-settings/workflow683f167c-insight-all-destinations-2017-05-01-preview.json':
    /^Audit logs of .* missing from Log Analytics: /,
};

/** The enabled categories the rule reports reading, as recorded. */
function enabledCategories(body: Record<string, unknown>): string[] {
  const properties = body.properties as { logs?: { category?: string; enabled?: boolean }[] };
  return (properties.logs ?? [])
    .filter((log) => log.enabled === true && typeof log.category === 'string')
    .map((log) => String(log.category));
}

function watched(file: string): RecordedBody {
  const entry = recordedBodies().find((e) => e.file === file);
  if (!entry) throw new Error(`${file} is not in the corpus`);
  return entry;
}

function related(service: string | undefined, body: Record<string, unknown>) {
  return service === undefined
    ? { diagnosticSettings: [body] }
    : { serviceDiagnosticSettings: { [service]: [body] } };
}

/** Answers the settings list of `resourceId` (or of its service) with the recorded body. */
function recordedSettingsFor(
  resourceId: string,
  service: string | undefined,
  body: unknown,
): SimulatorPlugin {
  const escaped = resourceId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const scope = service === undefined ? escaped : `${escaped}/${service}/default`;
  let unregister: (() => void) | undefined;
  return {
    name: 'recorded-diagnostic-settings',
    install(core) {
      unregister = core.routes.register({
        name: 'recorded-diagnostic-settings',
        method: 'GET',
        pattern: new RegExp(`^${scope}/providers/Microsoft\\.Insights/diagnosticSettings/?$`, 'i'),
        plane: 'arm',
        kind: 'read',
        handle: () => ({ status: 200, body: { value: [body] } }),
      });
    },
    stop() {
      unregister?.();
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ward-recorded-diag-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cases = settings.flatMap((setting) =>
  WATCHED.map((w) => [setting.file, w.file, setting, w] as const),
);

describe('recorded diagnostic settings', () => {
  it('holds at least three recorded settings, each with a known judgement', () => {
    expect(settings.length).toBeGreaterThanOrEqual(3);
    for (const { file, body } of settings) {
      expect(EXPECTED[file], file).toBeDefined();
      expect(String(body.id), file).toMatch(
        /\/providers\/microsoft\.insights\/diagnosticSettings\//i,
      );
    }
  });

  it.each(cases)(
    '%s as the settings of %s: ward evaluate judges it',
    async (file, _target, setting, target) => {
      const entry = watched(target.file);
      const path = join(
        dir,
        `${file.split('/')[1] ?? 'x'}-${target.file.split('/')[0] ?? 'y'}.json`,
      );
      writeFileSync(
        path,
        JSON.stringify({ resource: entry.body, related: related(target.service, setting.body) }),
      );
      const run = await runCli(['evaluate', path, '--format', 'json']);
      expect(run.stderr).toBe('');
      const { results } = JSON.parse(run.stdout) as { results: RuleResult[] };
      const result = results.find((r) => r.ruleId === RULE);
      expect(result?.status, JSON.stringify(result)).toBe('fail');
      expect(result?.message).toMatch(EXPECTED[file] ?? /^$/);
      // The rule read the recorded setting: its name and enabled categories are the evidence.
      const actual = result?.evidence.map((e) => String(e.actual)).join('\n') ?? '';
      expect(actual).toContain(String(setting.body.name));
      for (const category of enabledCategories(setting.body)) expect(actual).toContain(category);
    },
  );

  it.each(cases)(
    '%s served by the simulator for %s: the live reader reads it verbatim and judges it alike',
    async (file, _target, setting, target) => {
      const entry = watched(target.file);
      const id = String(entry.body.id);
      const [round] = seedRounds([entry]);
      if (!round) throw new Error('no seed');
      const sim = await startSimulator({
        seed: round.seed,
        plugins: [recordedSettingsFor(id, target.service, setting.body)],
      });
      try {
        const clients = simulatorClients(sim, round.seed, { oid: WARD_PRINCIPAL_ID, name: 'ward' });
        const read = await readSnapshot(id, { clients, now: () => NOW });
        if (read.kind !== 'snapshot') throw new Error(`${target.file}: ${read.kind}`);
        const served =
          target.service === undefined
            ? read.snapshot.related.diagnosticSettings
            : read.snapshot.related.serviceDiagnosticSettings?.[target.service];
        expect(served).toEqual([setting.body]);
        const result = evaluateSnapshot(registry, read.snapshot, CONTEXT).find(
          (r) => r.ruleId === RULE,
        );
        expect(result?.status).toBe('fail');
        expect(result?.message).toMatch(EXPECTED[file] ?? /^$/);
      } finally {
        await sim.stop();
      }
    },
  );
});
