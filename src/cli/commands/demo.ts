import { Option } from 'commander';
import type { Command } from 'commander';
import { ConfigError } from '../../config/errors';
import type { Policy } from '../../config/policy';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';

interface DemoCommandOptions {
  format: 'text' | 'json';
  keep?: boolean;
  policy?: string;
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `ward demo`: the whole service on the embedded default, with a data scientist's changes. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'run ward locally on the bundled insecure estate (Azurite, simulator, Teams stand-in, approvals)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--keep', 'keep serving the Teams stand-in and approval pages until Ctrl+C')
    .option('--policy <file>', 'policy file (default: docs/examples/demo-policy.yaml)')
    .action(async (options: DemoCommandOptions) => {
      const [{ loadPolicyFile }, { demoPolicyPath }, { runDemo }, report, { demoSessionPath }] =
        await Promise.all([
          import('../../config/load-policy'),
          import('../demo/package-root'),
          import('../demo/run-demo'),
          import('../demo/report'),
          import('../demo/session'),
        ]);
      const { stdout, stderr } = ctx.io;
      const json = options.format === 'json';
      // In JSON mode stdout carries only the summary line; progress goes to stderr.
      const out = json ? stderr : stdout;
      const color = out.isTTY === true;
      const names = new report.ResourceNames();

      let policy: Policy;
      const policyPath = options.policy ?? demoPolicyPath();
      try {
        policy = loadPolicyFile(policyPath);
      } catch (cause) {
        if (!(cause instanceof ConfigError)) throw cause;
        printConfigError(stderr, cause);
        ctx.exit(EXIT.unreadable);
        return;
      }
      out.write(`ward demo: policy ${policyPath}\n`);

      const run = await runDemo({
        policy,
        now: ctx.now,
        env: process.env,
        // With --keep, `ward undo <ledger-id> --simulator` in another terminal acts on this run.
        ...(options.keep ? { sessionFile: demoSessionPath(process.env) } : {}),
        log: { write: (line: string) => stderr.write(line) },
        progress: (update) => {
          const text = report.progressText(update, color, names);
          if (text !== undefined) out.write(`${text}\n`);
        },
      });
      try {
        const { summary } = run;
        if (!json) {
          stdout.write(`\n${report.summaryTable(summary, color)}`);
          if (summary.approvalUrls.length > 0) {
            stdout.write('\nApprovals waiting (sign in as an approver on the development page):\n');
            for (const url of summary.approvalUrls) stdout.write(`  ${url}\n`);
          }
        }
        if (options.keep) {
          out.write(
            `\nServing until Ctrl+C:\n  Teams channel: ${run.urls.teams}\n  Sign-in:       ${run.urls.signIn}\n` +
              '  Undo a fix:    ward undo <ledger-id> --simulator (ledger ids are on the act lines and the cards)\n',
          );
        }
        if (json) stdout.write(`${report.summaryJson(summary)}\n`);
        if (options.keep) await waitForInterrupt();
        if (summary.errors > 0) ctx.exit(EXIT.problems);
      } finally {
        await run.stop();
      }
    });
}
