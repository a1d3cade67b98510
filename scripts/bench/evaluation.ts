import { policySchema } from '../../src/config/policy';
import { ruleSettingsFrom } from '../../src/config/rule-settings';
import type { EvaluationContext, RuleResult } from '../../src/domain';
import { evaluateSnapshot } from '../../src/engine/evaluate';
import { createRegistry } from '../../src/rules/registry';
import { generateEstate } from '../../src/simulator/seed/generate';
import { snapshotsOfSeed } from './estate-snapshots';
import { count, median, ms, printTable } from './stats';

export interface EvaluationBenchOptions {
  resources: number;
  rounds: number;
}

/**
 * (b) Evaluation throughput: every rule over the snapshots of a generated estate (resources
 * plus their vaults' secrets), several rounds; results per second.
 */
export function benchEvaluation(options: EvaluationBenchOptions): void {
  const now = new Date('2026-06-01T00:00:00Z');
  let started = performance.now();
  const seed = generateEstate({ resources: options.resources, seed: 7, now });
  const generated = performance.now() - started;
  started = performance.now();
  const snapshots = snapshotsOfSeed(seed);
  const parsed = performance.now() - started;

  const registry = createRegistry();
  const context: EvaluationContext = { now, settings: ruleSettingsFrom(policySchema.parse({})) };
  const roundMs: number[] = [];
  let results: RuleResult[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    started = performance.now();
    results = snapshots.flatMap((snapshot) => evaluateSnapshot(registry, snapshot, context));
    roundMs.push(performance.now() - started);
  }
  const perRound = median(roundMs);
  const byStatus = new Map<string, number>();
  for (const result of results) byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);

  printTable(
    `(b) evaluation: ${count(seed.resources.length)}-resource estate, ${String(options.rounds)} rounds`,
    [
      ['generate the estate', ms(generated)],
      [`build and parse ${count(snapshots.length)} snapshots (resources + secrets)`, ms(parsed)],
      [`evaluate all rules, one round (median)`, ms(perRound)],
      ['results per round', count(results.length)],
      ['results per second', count(results.length / (perRound / 1000))],
      ['snapshots per second', count(snapshots.length / (perRound / 1000))],
      [
        'statuses',
        [...byStatus.entries()].map(([status, n]) => `${status} ${count(n)}`).join(', '),
      ],
    ],
  );
}
