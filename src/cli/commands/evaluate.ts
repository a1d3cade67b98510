import { Option } from 'commander';
import type { Command } from 'commander';
import type { RuleResult, RuleSettings } from '../../domain';
import { ConfigError } from '../../config/errors';
import { defaultPolicy, loadPolicyFile } from '../../config/load-policy';
import { ruleSettingsFrom } from '../../config/rule-settings';
import { evaluateSnapshot } from '../../engine/evaluate';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';
import { readSnapshotInputs } from '../snapshot-input';
import { renderEvaluation } from '../format/evaluation';
import type { EvaluatedResource } from '../format/evaluation';

interface EvaluateOptions {
  format: 'table' | 'json';
  policy?: string;
  now?: string;
}

/** The `ward evaluate --format json` shape: a contract other tools read. */
export function resultsJson(results: readonly RuleResult[]): string {
  const out = results.map((r) => ({
    resourceId: r.resourceId,
    ruleId: r.ruleId,
    status: r.status,
    message: r.message,
    evidence: r.evidence,
  }));
  return `${JSON.stringify({ results: out }, null, 2)}\n`;
}

function parseNow(value: string | undefined, ctx: CliContext): Date | undefined {
  if (value === undefined) return ctx.now();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) return undefined;
  return date;
}

/** `ward evaluate FILE|DIR...`: runs the catalog on snapshot files, offline. */
export function registerEvaluateCommand(program: Command, ctx: CliContext): void {
  program
    .command('evaluate')
    .description('evaluate snapshot files (ARM bodies, Key Vault secrets, {resource, related})')
    .argument('<file...>', 'snapshot files (JSON), or folders whose .json files are read')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .option('--policy <file>', 'policy file whose settings the rules use (YAML or JSON)')
    .addOption(new Option('--now <iso>', 'evaluation time (ISO 8601)').hideHelp())
    .action(async (files: string[], options: EvaluateOptions) => {
      const { stdout, stderr } = ctx.io;
      const now = parseNow(options.now, ctx);
      if (!now) {
        stderr.write(`ward evaluate: --now ${options.now ?? ''} is not an ISO 8601 time\n`);
        ctx.exit(EXIT.problems);
        return;
      }
      let settings: RuleSettings;
      try {
        settings = ruleSettingsFrom(
          options.policy === undefined ? defaultPolicy() : loadPolicyFile(options.policy),
        );
      } catch (cause) {
        // Fail closed: rules judged with settings the operator did not intend are worse than none.
        if (cause instanceof ConfigError) {
          printConfigError(stderr, cause);
          ctx.exit(EXIT.unreadable);
          return;
        }
        throw cause;
      }
      const inputs = await readSnapshotInputs(files);
      const evaluated: EvaluatedResource[] = [];
      for (const input of inputs) {
        if (!input.ok) {
          stderr.write(`ward evaluate: ${input.file}: ${input.problem}\n`);
          ctx.exit(EXIT.unreadable);
          continue;
        }
        for (const snapshot of input.snapshots) {
          evaluated.push({
            file: input.file,
            snapshot,
            results: evaluateSnapshot(ctx.registry, snapshot, { now, settings }),
          });
        }
      }
      if (options.format === 'json') {
        stdout.write(resultsJson(evaluated.flatMap((e) => e.results)));
      } else {
        stdout.write(renderEvaluation(evaluated, { color: stdout.isTTY === true }));
      }
    });
}
