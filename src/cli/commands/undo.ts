import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { WardOptions } from '../../app/types';
import { ConfigError } from '../../config/errors';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';

interface UndoCommandOptions {
  simulator?: boolean;
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** WardOptions for the running demo: its Tables, its simulator, ward's identity there. */
async function simulatorOptions(ctx: CliContext): Promise<WardOptions> {
  const [
    { demoSessionPath, readDemoSession },
    { SimulatorCredential },
    { DEMO_WARD_PRINCIPAL },
    { pino },
  ] = await Promise.all([
    import('../demo/session'),
    import('../../simulator/credential'),
    import('../demo/principals'),
    import('pino'),
  ]);
  const session = readDemoSession(demoSessionPath(process.env));
  return {
    armEndpoint: session.armUrl,
    ca: session.ca,
    // ward's own identity: the demo recognises the restore as ward's write and leaves it be.
    credential: new SimulatorCredential({
      ...DEMO_WARD_PRINCIPAL,
      oid: session.principalId,
      tid: session.tenantId,
    }),
    tables: { connectionString: session.tablesConnectionString },
    tablePrefix: session.tablePrefix,
    policy: session.policy,
    principalId: session.principalId,
    subscriptions: session.subscriptions,
    approvalBaseUrl: session.approvalOrigin,
    teams: { webhookUrl: session.teamsWebhookUrl, retry: { attempts: 3, baseDelayMs: 20 } },
    now: ctx.now,
    logger: pino({ level: 'silent' }),
    verify: { attempts: 10, delayMs: 50 },
    retryOptions: { maxRetries: 3, retryDelayInMs: 50, maxRetryDelayInMs: 500 },
  };
}

/** `ward undo <ledger-id>`: restores the state before a remediation, where that is safe. */
export function registerUndoCommand(program: Command, ctx: CliContext): void {
  program
    .command('undo')
    .description('restore the state before a remediation (a ledger entry id), if reversible')
    .argument(
      '<ledger-id>',
      'the ledger entry of the remediation (shown on cards and by ward demo)',
    )
    .option('--simulator', 'act on the running `ward demo --keep` instead of Azure')
    .action(async (ledgerId: string, options: UndoCommandOptions) => {
      const [{ createWard, UndoError }, { DemoError }] = await Promise.all([
        import('../../app/create-ward'),
        import('../../demo/errors'),
      ]);
      const { stdout, stderr } = ctx.io;
      let wardOptions: WardOptions;
      try {
        if (options.simulator) {
          wardOptions = await simulatorOptions(ctx);
        } else {
          const { wardOptionsFromEnv } = await import('../../app/wire');
          wardOptions = await wardOptionsFromEnv(process.env);
        }
      } catch (cause) {
        if (cause instanceof ConfigError) {
          printConfigError(stderr, cause);
          ctx.exit(EXIT.problems);
          return;
        }
        if (cause instanceof DemoError) {
          stderr.write(`ward undo: ${cause.message}\n`);
          ctx.exit(EXIT.problems);
          return;
        }
        throw cause;
      }
      const ward = await createWard(wardOptions);
      try {
        const report = await ward.undo(ledgerId, actor());
        stdout.write(`Undid ${report.undoneId} (${report.actionId}) on ${report.resourceId}:\n`);
        for (const change of report.restored) {
          stdout.write(`  ${change.path}: ${show(change.before)} → ${show(change.after)}\n`);
        }
        stdout.write(`Recorded as ledger entry ${report.ledgerId}.\n`);
      } catch (cause) {
        if (!(cause instanceof UndoError)) throw cause;
        stderr.write(`ward undo: refused (${cause.code}): ${cause.message}\n`);
        if (cause.ledgerId)
          stderr.write(`The attempt is recorded as ledger entry ${cause.ledgerId}.\n`);
        ctx.exit(EXIT.problems);
      } finally {
        await ward.close();
      }
    });
}
