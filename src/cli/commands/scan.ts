import type { TokenCredential } from '@azure/core-auth';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ConfigError } from '../../config/errors';
import { defaultPolicy, loadPolicyFile } from '../../config/load-policy';
import type { Policy } from '../../config/policy';
import type { Simulator } from '../../simulator';
import type { CliContext } from '../context';
import { EXIT } from '../io';
import { printConfigError } from '../print-config-error';
import { collectList } from '../list-option';

interface ScanOptions {
  simulator?: boolean;
  seed?: string;
  subscription?: string[];
  format: 'table' | 'json' | 'sarif' | 'html';
  policy?: string;
}

/** The scanner's identity in the simulator: distinct from ward's and from people's. */
const SCANNER_OID = '5ca4a000-0000-4000-8000-00000000005c';

/** `ward scan`: a dry run over subscriptions; only reads are ever sent. */
export function registerScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description('evaluate subscriptions as a dry run (reads only): real Azure, or --simulator')
    .option('--simulator', 'scan the bundled insecure estate in the local simulator')
    .option(
      '--seed <file>',
      'with --simulator: serve this seed file (JSON or YAML) instead of the bundled estate',
    )
    .option(
      '--subscription <id>',
      'subscription to scan (repeatable, or comma-separated)',
      collectList,
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'sarif', 'html'])
        .default('table'),
    )
    .option('--policy <file>', 'policy file (modes, exemptions, settings) to judge with')
    .action(async (options: ScanOptions) => {
      if (options.seed !== undefined && !options.simulator) {
        ctx.io.stderr.write('ward scan: --seed needs --simulator (it names the estate to serve)\n');
        ctx.exit(EXIT.problems);
        return;
      }
      let policy: Policy;
      try {
        policy = options.policy ? loadPolicyFile(options.policy) : defaultPolicy();
      } catch (cause) {
        if (!(cause instanceof ConfigError)) throw cause;
        printConfigError(ctx.io.stderr, cause);
        ctx.exit(EXIT.unreadable);
        return;
      }
      // Loaded here, not at start-up: other commands do not pay for the SDKs and the simulator.
      const [
        { createAzureClients },
        { ThrottleBuckets },
        { runScan },
        { terminalProgress },
        { scanText },
        { scanSarif },
        { scanHtml },
      ] = await Promise.all([
        import('../../azure/clients'),
        import('../../azure/throttle'),
        import('../scan/run-scan'),
        import('../scan/progress'),
        import('../scan/format-text'),
        import('../scan/format-sarif'),
        import('../scan/format-html'),
      ]);
      let sim: Simulator | undefined;
      try {
        let credential: TokenCredential;
        let armEndpoint: string;
        let subscriptions = options.subscription ?? [];
        if (options.simulator) {
          const [{ startBundledSimulator }, { SimulatorCredential }, { loadSeedFile, SeedError }] =
            await Promise.all([
              import('../demo/bundled-simulator'),
              import('../../simulator/credential'),
              import('../../simulator/seed/load'),
            ]);
          let seed;
          if (options.seed !== undefined) {
            try {
              seed = await loadSeedFile(options.seed);
            } catch (cause) {
              if (!(cause instanceof SeedError)) throw cause;
              ctx.io.stderr.write(`ward scan: ${cause.code}: ${cause.message}\n`);
              ctx.exit(EXIT.unreadable);
              return;
            }
          }
          sim = await startBundledSimulator({ now: ctx.now(), ...(seed ? { seed } : {}) });
          credential = new SimulatorCredential({
            oid: SCANNER_OID,
            tid: sim.tenantId,
            name: 'ward scan',
          });
          armEndpoint = sim.armUrl;
          if (subscriptions.length === 0)
            subscriptions = sim.subscriptions.map((s) => s.subscriptionId);
        } else {
          const [{ envSchema }, { createCredential }] = await Promise.all([
            import('../../config/env'),
            import('../../azure/credential'),
          ]);
          const env = envSchema.parse(process.env);
          credential = await createCredential(env);
          armEndpoint = env.WARD_ARM_ENDPOINT;
          if (subscriptions.length === 0) subscriptions = env.WARD_SUBSCRIPTIONS;
        }
        if (subscriptions.length === 0) {
          ctx.io.stderr.write(
            'ward scan: name the subscriptions with --subscription ID (or WARD_SUBSCRIPTIONS), or use --simulator\n',
          );
          ctx.exit(EXIT.problems);
          return;
        }
        if (!sim) {
          // Sign in before listing anything: without credentials this throws, and main says to
          // run `az login` instead of reporting every resource unread.
          const { signedInObjectId } = await import('../sign-in');
          await signedInObjectId(credential);
        }
        const clients = createAzureClients({
          credential,
          armEndpoint,
          ...(sim ? { ca: sim.ca } : {}),
          throttle: new ThrottleBuckets(),
          userAgentPrefix: 'ward-scan',
        });
        const progress = terminalProgress(ctx.io.stderr);
        const report = await runScan({
          clients,
          registry: ctx.registry,
          policy,
          subscriptions,
          now: ctx.now,
          ...(progress ? { progress } : {}),
        });
        const { stdout } = ctx.io;
        switch (options.format) {
          case 'json': {
            const calls = sim?.counters.snapshot().total;
            stdout.write(
              `${JSON.stringify(
                {
                  summary: report.summary,
                  results: report.results,
                  readErrors: report.readErrors,
                  ...(calls
                    ? {
                        simulator: {
                          reads: calls.reads,
                          writes: calls.writes,
                          deletes: calls.deletes,
                          actions: calls.actions,
                        },
                      }
                    : {}),
                },
                null,
                2,
              )}\n`,
            );
            break;
          }
          case 'sarif':
            stdout.write(`${JSON.stringify(scanSarif(report, ctx.registry.rules), null, 2)}\n`);
            break;
          case 'html':
            stdout.write(scanHtml(report, ctx.registry.rules));
            break;
          case 'table':
            stdout.write(scanText(report, { color: stdout.isTTY === true }));
        }
        if (report.readErrors.length > 0) ctx.exit(EXIT.problems);
      } finally {
        await sim?.stop();
      }
    });
}
