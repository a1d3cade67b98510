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
  events: 'subscription' | 'arn';
}

const TEST_MODE_WARNING = /"@azure\/functions" package (is in|to) test mode/;

/**
 * Imports the demo's runtime without @azure/functions' notices that it runs outside the host:
 * the demo calls the handlers in-process on purpose. Other warnings pass through.
 */
async function importWithoutHostNotices<T>(load: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && TEST_MODE_WARNING.test(args[0])) return;
    warn(...args);
  };
  try {
    return await load();
  } finally {
    console.warn = warn;
  }
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
    .addOption(
      new Option(
        '--events <topic>',
        'resource changes through the subscription topic or Azure Resource Notifications',
      )
        .choices(['subscription', 'arn'])
        .default('subscription'),
    )
    .option('--keep', 'keep serving the Teams stand-in and approval pages until Ctrl+C')
    .option('--policy <file>', 'policy file (default: docs/examples/demo-policy.yaml)')
    .action(async (options: DemoCommandOptions) => {
      const [
        { loadPolicyFile },
        { demoPolicyPath },
        { runDemo },
        report,
        { demoSessionPath },
        { DemoError },
      ] = await Promise.all([
        import('../../config/load-policy'),
        import('../demo/package-root'),
        importWithoutHostNotices(() => import('../demo/run-demo')),
        import('../demo/report'),
        import('../demo/session'),
        import('../../demo/errors'),
      ]);
      const { stdout, stderr } = ctx.io;
      const json = options.format === 'json';
      // In JSON mode stdout carries only the summary line; progress goes to stderr.
      const out = json ? stderr : stdout;
      const color = out.isTTY === true;
      const printer = new report.DemoPrinter((text) => out.write(text), color);

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

      let run: Awaited<ReturnType<typeof runDemo>>;
      try {
        run = await runDemo({
          policy,
          now: ctx.now,
          env: process.env,
          events: options.events,
          // With --keep, `ward undo <ledger-id> --simulator` in another terminal acts on this run.
          ...(options.keep ? { sessionFile: demoSessionPath(process.env) } : {}),
          log: { write: (line: string) => stderr.write(line) },
          progress: (update) => {
            printer.update(update);
          },
        });
      } catch (cause) {
        printer.flush();
        if (!(cause instanceof DemoError)) throw cause;
        stderr.write(`ward demo: ${cause.message}\n`);
        ctx.exit(EXIT.problems);
        return;
      }
      printer.flush();
      try {
        const { summary } = run;
        if (!json) {
          stdout.write(`\n${report.summaryTable(summary, color)}`);
          const requested = run.activities.filter((a) => a.type === 'approval-requested');
          if (requested.length > 0) {
            stdout.write(
              options.keep
                ? '\nApprovals waiting (sign in as Olivia Ops, who holds Ward.Approver):\n'
                : '\nApprovals waiting (run `ward demo --keep` to open and decide them):\n',
            );
            for (const approval of requested) {
              const where = printer.name(approval.resourceId);
              stdout.write(
                `  ${approval.ruleId} on ${where}${options.keep ? `\n    ${approval.url}` : ''}\n`,
              );
            }
          }
        }
        if (!json) stdout.write(`\n${report.nextSteps()}`);
        if (options.keep) {
          out.write(
            `\nServing until Ctrl+C:\n  Teams channel: ${run.urls.teams}\n  Sign-in:       ${run.urls.signIn}\n` +
              (run.urls.tickets ? `  Tickets:       ${run.urls.tickets}\n` : '') +
              '  Undo a fix:    ward undo <ledger-id> --simulator (ledger ids are on the act lines and the cards)\n',
          );
          out.write(`  Approvals:     ${run.urls.approvalsQueue} (every pending approval)\n`);
        }
        if (json) stdout.write(`${report.summaryJson(summary)}\n`);
        if (options.keep) await waitForInterrupt();
        if (summary.errors > 0) ctx.exit(EXIT.problems);
      } finally {
        await run.stop();
      }
    });
}
