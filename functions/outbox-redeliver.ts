import {
  app,
  type InvocationContext,
  type Timer,
  type TimerFunctionOptions,
} from '@azure/functions';
import { isRetryable, loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';

/**
 * Every five minutes (NCRONTAB: second minute hour day month day-of-week). Alerts and approval
 * requests kept while Teams was unreachable reach the channel within minutes, not at the next
 * sweep.
 */
export const OUTBOX_REDELIVERY_SCHEDULE = '30 */5 * * * *';

export function makeOutboxRedeliveryHandler(
  getDeps: () => Promise<Pick<WardUseCases, 'redeliverOutbox'>>,
  now: () => Date = () => new Date(),
): (timer: Timer, context: InvocationContext) => Promise<void> {
  return async (timer, context) => {
    try {
      const deps = await getDeps();
      const result = await deps.redeliverOutbox({
        invocationId: context.invocationId,
        functionName: context.functionName,
        firedAt: now().toISOString(),
        isPastDue: timer.isPastDue,
      });
      if (result.remaining > 0) {
        context.warn('teams messages still waiting in the outbox', {
          invocationId: context.invocationId,
          delivered: result.delivered,
          remaining: result.remaining,
        });
      }
    } catch (error) {
      context.error('outbox redelivery failed', {
        invocationId: context.invocationId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      // The next tick is the retry; rethrowing marks a transient failure in the host's telemetry.
      if (isRetryable(error)) throw error;
    }
  };
}

export function outboxRedeliveryOptions(load: LoadUseCases = loadUseCases): TimerFunctionOptions {
  return {
    schedule: OUTBOX_REDELIVERY_SCHEDULE,
    runOnStartup: false,
    handler: makeOutboxRedeliveryHandler(load),
  };
}

app.timer('outbox-redeliver', outboxRedeliveryOptions());
