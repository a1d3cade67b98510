import type { Command } from 'commander';
import type { CliContext } from '../context';
import { registerConfigCommand } from './config';
import { registerDemoCommand } from './demo';
import { registerEvaluateCommand } from './evaluate';
import { registerPreflightCommand } from './preflight';
import { registerRulesCommand } from './rules';
import { registerScanCommand } from './scan';
import { registerSimulatorCommand } from './simulator';
import { registerUndoCommand } from './undo';

/** A command module: adds its command (and subcommands) to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Every `ward` command, in help order. Add a command by adding its register function here. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerRulesCommand,
  registerEvaluateCommand,
  registerConfigCommand,
  registerScanCommand,
  registerPreflightCommand,
  registerDemoCommand,
  registerUndoCommand,
  registerSimulatorCommand,
];
