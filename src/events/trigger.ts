import type { ChangeSignal, SignalSource } from '../domain';
import type { InvocationInfo, WardUseCases } from '../app/ports';
import { isRetryable } from '../app/ports';
import { EventParseError } from './errors';
import { parseEvent } from './parse';

/** The part of the Functions InvocationContext an event trigger uses. */
export interface TriggerContext extends InvocationInfo {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type SignalHandlerDeps = Pick<WardUseCases, 'handleSignal'>;

/**
 * The body of an Event Grid trigger: parse → use case → return. An event ward cannot use
 * (malformed, another type, another source) is logged with its id and acknowledged, because
 * delivering it again cannot help. A failure of the use case is rethrown (Event Grid retries,
 * then dead-letters) unless it says it is permanent.
 */
export function makeSignalTrigger(
  accepts: SignalSource,
  getDeps: () => Promise<SignalHandlerDeps>,
): (event: unknown, context: TriggerContext) => Promise<void> {
  return async (event, context) => {
    let signal: ChangeSignal;
    try {
      signal = parseEvent(event);
      if (signal.source !== accepts) {
        throw new EventParseError(
          'unsupported-type',
          `event type "${signal.eventType}" does not belong on ${context.functionName}`,
          signal.eventId,
        );
      }
    } catch (error) {
      if (!(error instanceof EventParseError)) throw error;
      context.warn('event rejected', {
        eventId: error.eventId,
        code: error.code,
        problem: error.message,
        invocationId: context.invocationId,
      });
      return;
    }
    const invocation = { invocationId: context.invocationId, functionName: context.functionName };
    try {
      const deps = await getDeps();
      await deps.handleSignal(signal, invocation);
    } catch (error) {
      const retry = isRetryable(error);
      context.error(retry ? 'event failed, delivery will be retried' : 'event failed permanently', {
        eventId: signal.eventId,
        resourceId: signal.resourceId,
        invocationId: context.invocationId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      if (retry) throw error;
    }
  };
}
