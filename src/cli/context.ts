import type { RuleRegistry } from '../rules/registry';
import type { CliIo } from './io';

/** What every command receives; built once per `main` call, never module state. */
export interface CliContext {
  io: CliIo;
  registry: RuleRegistry;
  /** The clock, for commands that need the time (rules never read one). */
  now: () => Date;
  /** Commands report their exit code here; `main` returns the highest one set. */
  exit(code: number): void;
}
