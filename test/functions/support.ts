import { readFileSync } from 'node:fs';
import { InvocationContext, type LogLevel } from '@azure/functions';

export interface LoggedLine {
  level: LogLevel;
  args: unknown[];
}

/** A real InvocationContext whose log lines are kept for assertions. */
export function contextFor(functionName: string): {
  context: InvocationContext;
  logs: LoggedLine[];
} {
  const logs: LoggedLine[] = [];
  const context = new InvocationContext({
    invocationId: `inv-${functionName}`,
    functionName,
    logHandler: (level, ...args) => logs.push({ level, args }),
  });
  return { context, logs };
}

export function eventFixture(name: string): Record<string, unknown> {
  const parsed = JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>[];
  const first = parsed[0];
  if (!first) throw new Error(`${name} holds no event`);
  return first;
}

/** A failure that says whether delivering again can help, as use cases throw them. */
export class UseCaseFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
