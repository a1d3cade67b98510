import process from 'node:process';
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { CliContext } from '../context';
import type { CliIo } from '../io';
import { EXIT } from '../io';
import { SeedError } from '../../simulator/seed/load';
import {
  StandaloneOptionsError,
  startStandalone,
  type StandaloneOptions,
} from '../../simulator/standalone';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new InvalidArgumentError('must be an integer from 0 to 65535');
  }
  return port;
}

/** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
function untilSignal(): { stopped: Promise<string>; dispose: () => void } {
  let dispose = (): void => undefined;
  const stopped = new Promise<string>((resolve) => {
    const onSignal = (signal: string): void => {
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    dispose = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  return { stopped, dispose };
}

/**
 * Starts the standalone simulator, prints one JSON line (`arm`, `keyVaults`, `ca`, `tenantId`,
 * `subscriptions`) on stdout, serves until `stop` resolves, then stops cleanly. Resolves to the
 * exit code.
 */
export async function runSimulator(
  options: StandaloneOptions,
  io: CliIo,
  stop: Promise<unknown>,
): Promise<number> {
  let running;
  try {
    running = await startStandalone(options);
  } catch (error) {
    if (error instanceof SeedError) {
      io.stderr.write(`ward simulator: ${error.message}\n`);
      return EXIT.unreadable;
    }
    if (error instanceof StandaloneOptionsError) {
      io.stderr.write(`ward simulator: ${error.message}\n`);
      return EXIT.problems;
    }
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      io.stderr.write(`ward simulator: port ${options.port ?? 0} on 127.0.0.1 is in use\n`);
      return EXIT.problems;
    }
    throw error;
  }
  io.stdout.write(`${JSON.stringify(running.info)}\n`);
  await stop;
  await running.stop();
  return EXIT.ok;
}

/** `ward simulator`: the embedded Azure simulator on its own, for other tools and SDKs. */
export function registerSimulatorCommand(program: Command, ctx: CliContext): void {
  program
    .command('simulator')
    .description(
      'run the Azure simulator (ARM, Key Vault, Resource Graph) on loopback until SIGINT/SIGTERM; prints one JSON line with its URLs and CA',
    )
    .addOption(
      new Option(
        '--seed <file>',
        'estate to serve (JSON or YAML); default: the bundled insecure estate',
      ),
    )
    .addOption(
      new Option('--port <n>', 'ARM port on 127.0.0.1 (0 picks a free one)').argParser(parsePort),
    )
    .addOption(new Option('--events-url <url>', 'deliver every Event Grid event to this webhook'))
    .addOption(
      new Option(
        '--rbac',
        "authorize every request against the seed's role assignments (403 AuthorizationFailed / LinkedAuthorizationFailed)",
      ),
    )
    .action(
      async (options: { seed?: string; port?: number; eventsUrl?: string; rbac?: boolean }) => {
        const signals = untilSignal();
        try {
          const code = await runSimulator(
            {
              seedFile: options.seed,
              port: options.port,
              eventsUrl: options.eventsUrl,
              rbac: options.rbac === true,
              now: ctx.now(),
            },
            ctx.io,
            signals.stopped,
          );
          ctx.exit(code);
        } finally {
          signals.dispose();
        }
      },
    );
}
