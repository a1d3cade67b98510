import { readFileSync } from 'node:fs';
import { InvocationContext, type LogLevel } from '@azure/functions';
import type { InvocationInfo, LoadUseCases, WardUseCases } from '../../src/app/ports';
import type { ChangeSignal } from '../../src/domain';

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

/**
 * A loader of use cases whose handleSignal records what it is given, for driving a trigger's
 * exported options as the Functions host would. The other use cases fail: a signal trigger
 * must not call them.
 */
export function recordingUseCases(): {
  load: LoadUseCases;
  loads: () => number;
  signals: { signal: ChangeSignal; invocation: InvocationInfo }[];
} {
  const signals: { signal: ChangeSignal; invocation: InvocationInfo }[] = [];
  let loads = 0;
  const notHere = (name: string) => () =>
    Promise.reject(new Error(`a signal trigger called ${name}`));
  const useCases: WardUseCases = {
    handleSignal(signal, invocation) {
      signals.push({ signal, invocation });
      return Promise.resolve();
    },
    sweep: notHere('sweep'),
    approval: notHere('approval'),
    approvalQueue: notHere('approvalQueue'),
    redeliverOutbox: notHere('redeliverOutbox'),
  };
  return {
    load: () => {
      loads += 1;
      return Promise.resolve(useCases);
    },
    loads: () => loads,
    signals,
  };
}
