import { Command, CommanderError } from 'commander';
import { NO_CREDENTIALS_MESSAGE, isNoCredentialError } from '../azure/credential-errors';
import { createRegistry } from '../rules/registry';
import type { RuleRegistry } from '../rules/registry';
import { COMMANDS } from './commands';
import { addCommandHelp } from './help-text';
import type { CliContext } from './context';
import type { CliIo } from './io';
import { EXIT } from './io';
import { WARD_VERSION } from './version';

export type { CliIo, OutputStream } from './io';
export { EXIT } from './io';

/** Replaceable dependencies; the defaults are the real ones. */
export interface MainDeps {
  registry: RuleRegistry;
  now: () => Date;
}

function buildProgram(ctx: CliContext): Command {
  const program = new Command('ward')
    .description('Security remediation for Azure AI/ML estates: rules, evaluation, configuration.')
    .version(WARD_VERSION, '-V, --version')
    .showHelpAfterError('(run `ward --help` for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
    });
  // Registered after the settings above: commander copies them into each new subcommand.
  for (const register of COMMANDS) register(program, ctx);
  addCommandHelp(program);
  return program;
}

/**
 * Runs ward with `argv` (the arguments after the program name) and returns the exit code.
 * Never calls process.exit, so tests run it in-process.
 */
export async function main(
  argv: string[],
  io: CliIo,
  deps: Partial<MainDeps> = {},
): Promise<number> {
  let code: number = EXIT.ok;
  let registry: RuleRegistry;
  try {
    registry = deps.registry ?? createRegistry();
  } catch (cause) {
    io.stderr.write(`ward: the rule catalog does not load: ${String(cause)}\n`);
    return EXIT.problems;
  }
  const ctx: CliContext = {
    io,
    registry,
    now: deps.now ?? (() => new Date()),
    exit(next) {
      code = Math.max(code, next);
    },
  };
  const program = buildProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (cause) {
    if (cause instanceof CommanderError) {
      // Help and version "errors" are commander's way of stopping after printing.
      return cause.exitCode === 0 ? EXIT.ok : EXIT.problems;
    }
    // No sign-in on this machine: one line, not @azure/identity's credential-chain dump.
    if (isNoCredentialError(cause)) {
      io.stderr.write(`ward: ${NO_CREDENTIALS_MESSAGE}\n`);
      return EXIT.unreadable;
    }
    io.stderr.write(
      `ward: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`,
    );
    return EXIT.problems;
  }
  return code;
}
