import { Option } from 'commander';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { catalogEntries } from '../format/catalog';
import type { AnsiColor } from '../format/table';
import { paint, renderTable } from '../format/table';

const SEVERITY_COLOR: Record<string, AnsiColor> = {
  critical: 'magenta',
  high: 'red',
  medium: 'yellow',
  low: 'dim',
  informational: 'dim',
};

/** `ward rules`: the catalog with each rule's default mode and remedy. */
export function registerRulesCommand(program: Command, ctx: CliContext): void {
  program
    .command('rules')
    .description('list the rule catalog: id, severity, default mode, remedy')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'),
    )
    .action((options: { format: 'table' | 'json' }) => {
      const entries = catalogEntries(ctx.registry.rules);
      const { stdout } = ctx.io;
      if (options.format === 'json') {
        stdout.write(`${JSON.stringify({ rules: entries }, null, 2)}\n`);
        return;
      }
      const color = stdout.isTTY === true;
      const rows = entries.map((rule) => [
        rule.id,
        { text: rule.severity, color: SEVERITY_COLOR[rule.severity] },
        rule.defaultMode,
        rule.remedy.actionId,
        rule.title,
      ]);
      stdout.write(renderTable(['RULE', 'SEVERITY', 'MODE', 'ACTION', 'TITLE'], rows, { color }));
      stdout.write('\nRemedies:\n');
      for (const rule of entries) {
        stdout.write(`  ${paint(rule.id, 'bold', color)}: ${rule.remedy.summary}\n`);
      }
      stdout.write(
        `\n${entries.length} rule${entries.length === 1 ? '' : 's'}. \`ward rules --format json\` adds resource types and references.\n`,
      );
    });
}
