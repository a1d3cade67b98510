import {
  app,
  type InvocationContext,
  type Timer,
  type TimerFunctionOptions,
} from '@azure/functions';
import { z } from 'zod';
import { isRetryable, loadUseCases, type LoadUseCases, type WardUseCases } from '../src/app/ports';
import { ConfigError } from '../src/config/errors';

/** Every 30 minutes, on the half hour (NCRONTAB: second minute hour day month day-of-week). */
export const DEFAULT_SWEEP_SCHEDULE = '0 */30 * * * *';

const ncrontab = z
  .string()
  .trim()
  .regex(
    /^(\S+\s+){5}\S+$/,
    'must be an NCRONTAB expression of six fields: {second} {minute} {hour} {day} {month} {day-of-week}',
  )
  .regex(/^[\d*,/\-A-Za-z\s]+$/, 'holds characters an NCRONTAB expression cannot');

/** The timer schedule from WARD_SWEEP_SCHEDULE; a bad value fails the cold start naming it. */
export function sweepSchedule(env: Readonly<Record<string, string | undefined>>): string {
  const value = env.WARD_SWEEP_SCHEDULE;
  if (value === undefined || value.trim() === '') return DEFAULT_SWEEP_SCHEDULE;
  const parsed = ncrontab.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(
      'env-invalid',
      'environment',
      parsed.error.issues.map((issue) => ({ path: 'WARD_SWEEP_SCHEDULE', message: issue.message })),
    );
  }
  return parsed.data;
}

export function makeSweepHandler(
  getDeps: () => Promise<Pick<WardUseCases, 'sweep'>>,
  now: () => Date = () => new Date(),
): (timer: Timer, context: InvocationContext) => Promise<void> {
  return async (timer, context) => {
    try {
      const deps = await getDeps();
      await deps.sweep({
        invocationId: context.invocationId,
        functionName: context.functionName,
        firedAt: now().toISOString(),
        isPastDue: timer.isPastDue,
      });
    } catch (error) {
      context.error('sweep failed', {
        invocationId: context.invocationId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      // A timer has no redelivery: the next tick is the retry. Rethrowing marks the
      // invocation failed in the host's telemetry; a permanent failure is only logged.
      if (isRetryable(error)) throw error;
    }
  };
}

export function sweepOptions(
  env: Readonly<Record<string, string | undefined>> = process.env,
  load: LoadUseCases = loadUseCases,
): TimerFunctionOptions {
  return { schedule: sweepSchedule(env), runOnStartup: false, handler: makeSweepHandler(load) };
}

app.timer('sweep', sweepOptions());
