import type { ConfigError } from '../config/errors';
import type { OutputStream } from './io';

/** One line per problem, prefixed with the source, so editors can jump to it. */
export function printConfigError(out: OutputStream, error: ConfigError): void {
  for (const problem of error.problems) {
    const where = problem.path ? `${problem.path}: ` : '';
    out.write(`${error.source}: ${where}${problem.message}\n`);
  }
}
