import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleResult, Snapshot } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { parseSnapshotFile } from '../../src/engine/snapshot-file';
import { readSnapshot } from '../../src/readers';
import { createRegistry } from '../../src/rules/registry';
import { startSimulator } from '../../src/simulator';
import { runCli } from '../cli/run-cli';
import { simulatorClients, WARD_PRINCIPAL_ID } from '../support/simulator';
import {
  judgedBodies,
  RECORDED_DIR,
  recordedBodies,
  seedRounds,
  type RecordedBody,
} from './corpus';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const CONTEXT = {
  now: NOW,
  settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: true },
};
const JUDGEMENTS = ['pass', 'fail', 'skip'];
const registry = createRegistry();

/** The watched types the corpus must cover, each with at least three recorded bodies. */
const WATCHED_DIRS = [
  'ml-workspaces',
  'ml-computes',
  'keyvault-vaults',
  'keyvault-secrets',
  'storage-accounts',
  'network-interfaces',
  'cognitive-accounts',
  'ml-online-endpoints',
];

interface CliResult {
  resourceId: string;
  ruleId: string;
  status: string;
  message: string;
}

function expectJudged(results: { status: string; message: string }[], what: string): void {
  expect(results.length, `${what} got no result`).toBeGreaterThan(0);
  for (const result of results) {
    expect(JUDGEMENTS, `${what}: ${result.status} ${result.message}`).toContain(result.status);
    expect(result.message.length).toBeGreaterThan(0);
  }
}

/** Drops members whose value is null, at every depth: what a provider leaving them out sends. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== null)
        .map(([key, member]) => [key, withoutNulls(member)]),
    );
  }
  return value;
}

function statuses(snapshot: Snapshot): Record<string, string> {
  return Object.fromEntries(
    evaluateSnapshot(registry, snapshot, CONTEXT).map((r: RuleResult) => [r.ruleId, r.status]),
  );
}

describe('recorded Azure responses: the corpus', () => {
  it('covers every watched type with at least three recorded bodies', () => {
    const files = judgedBodies().map((entry) => entry.file.split('/')[0]);
    for (const dir of WATCHED_DIRS) {
      expect(files.filter((f) => f === dir).length, dir).toBeGreaterThanOrEqual(3);
    }
  });

  it('holds real nulls: an ML workspace answered "etag": null', () => {
    const workspaces = judgedBodies().filter((e) => e.file.startsWith('ml-workspaces/'));
    expect(workspaces.some((e) => 'etag' in e.body && e.body.etag === null)).toBe(true);
  });
});

describe('recorded Azure responses through ward evaluate', () => {
  it.each(judgedBodies().map((entry) => [entry.file, entry] as const))(
    '%s is judged',
    async (file, entry: RecordedBody) => {
      const run = await runCli(['evaluate', join(RECORDED_DIR, file), '--format', 'json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const { results } = JSON.parse(run.stdout) as { results: CliResult[] };
      expectJudged(results, file);
      const id = String(entry.body.id);
      expect(results.every((r) => id.toLowerCase().startsWith(r.resourceId.toLowerCase()))).toBe(
        true,
      );
    },
  );

  it.each(judgedBodies().map((entry) => [entry.file, entry] as const))(
    '%s: null members judge as absent ones',
    (file, entry: RecordedBody) => {
      const [recorded] = parseSnapshotFile(entry.body);
      const [stripped] = parseSnapshotFile(withoutNulls(entry.body));
      if (!recorded || !stripped) throw new Error(`${file} parsed to nothing`);
      expect(statuses(recorded)).toEqual(statuses(stripped));
    },
  );
});

/** What the provider composes into a GET beyond the stored body (see docs/simulator.md). */
function composedAway(read: Record<string, unknown>, recorded: Record<string, unknown>): unknown {
  const copy = structuredClone(read);
  const properties = copy.properties as Record<string, unknown> | undefined;
  const recordedProperties = (recorded.properties ?? {}) as Record<string, unknown>;
  if (properties) {
    if (!('privateEndpointConnections' in recordedProperties)) {
      delete properties.privateEndpointConnections;
    }
    // A served vault's vaultUri is the simulator's own listener.
    if ('vaultUri' in recordedProperties) properties.vaultUri = recordedProperties.vaultUri;
  }
  return copy;
}

describe('recorded Azure responses through the live readers (simulator + real SDK clients)', () => {
  it.each(seedRounds().map((round, index) => [index + 1, round] as const))(
    'round %i: every body is served verbatim and judged',
    async (_round, { seed, arm, secrets }) => {
      const sim = await startSimulator({ seed });
      try {
        const clients = simulatorClients(sim, seed, { oid: WARD_PRINCIPAL_ID, name: 'ward' });
        for (const entry of arm) {
          const id = String(entry.body.id);
          const result = await readSnapshot(id, { clients, now: () => NOW });
          if (result.kind !== 'snapshot') throw new Error(`${entry.file}: ${result.kind}`);
          const { snapshot } = result;
          if (snapshot.subject.kind !== 'arm') throw new Error(`${entry.file}: not an ARM read`);
          expect(composedAway(snapshot.subject.resource, entry.body), entry.file).toEqual(
            entry.body,
          );
          expectJudged(evaluateSnapshot(registry, snapshot, CONTEXT), entry.file);
        }
        for (const { entry, vault, name } of secrets) {
          const vaultId = arm.find((e) => e.body.name === vault)?.body.id;
          const uri =
            typeof vaultId === 'string' ? sim.state.get(vaultId)?.properties?.vaultUri : undefined;
          if (typeof uri !== 'string') throw new Error(`vault ${vault} is not served`);
          // ward places the vault in ARM first, and reads the secret's metadata there.
          const placed = String(vaultId);
          const result = await readSnapshot(`${uri.replace(/\/$/, '')}/secrets/${name}`, {
            clients,
            now: () => NOW,
            vaults: { resolve: () => Promise.resolve(placed) },
          });
          if (result.kind !== 'snapshot') throw new Error(`${entry.file}: ${result.kind}`);
          const live = statuses(result.snapshot);
          expectJudged(evaluateSnapshot(registry, result.snapshot, CONTEXT), entry.file);
          // ARM answers the recorded attributes: the same judgement as the file gives.
          const [fromFile] = parseSnapshotFile(entry.body);
          if (!fromFile) throw new Error(`${entry.file} parsed to nothing`);
          expect(live, entry.file).toEqual(statuses(fromFile));
        }
      } finally {
        await sim.stop();
      }
    },
  );

  it('keeps "etag": null on GET of a recorded workspace', async () => {
    const entry = recordedBodies().find((e) => e.file.startsWith('ml-workspaces/'));
    if (!entry) throw new Error('no recorded workspace');
    const [round] = seedRounds([entry]);
    if (!round) throw new Error('no seed');
    const sim = await startSimulator({ seed: round.seed });
    try {
      const clients = simulatorClients(sim, round.seed, { oid: WARD_PRINCIPAL_ID, name: 'ward' });
      const result = await readSnapshot(String(entry.body.id), { clients });
      if (result.kind !== 'snapshot' || result.snapshot.subject.kind !== 'arm') {
        throw new Error('expected a workspace snapshot');
      }
      expect(result.snapshot.subject.resource).toHaveProperty('etag', null);
      expect(result.snapshot.etag).toBeUndefined();
    } finally {
      await sim.stop();
    }
  });
});
