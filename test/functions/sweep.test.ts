import type { Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { SweepTick } from '../../src/app/ports';
import { ConfigError } from '../../src/config/errors';
import {
  DEFAULT_SWEEP_SCHEDULE,
  makeSweepHandler,
  sweepOptions,
  sweepSchedule,
} from '../../functions/sweep';
import { UseCaseFailure, contextFor } from './support';

const timer: Timer = {
  isPastDue: true,
  schedule: { adjustForDST: true },
  scheduleStatus: {
    last: '2026-11-23T10:30:00Z',
    next: '2026-11-23T11:00:00Z',
    lastUpdated: '2026-11-23T10:30:00Z',
  },
};

describe('sweep trigger', () => {
  it('runs every 30 minutes unless WARD_SWEEP_SCHEDULE says otherwise', () => {
    expect(DEFAULT_SWEEP_SCHEDULE).toBe('0 */30 * * * *');
    expect(sweepOptions({}).schedule).toBe('0 */30 * * * *');
    expect(sweepOptions({ WARD_SWEEP_SCHEDULE: '' }).schedule).toBe('0 */30 * * * *');
    expect(sweepOptions({ WARD_SWEEP_SCHEDULE: ' 0 0 */2 * * * ' }).schedule).toBe('0 0 */2 * * *');
    expect(sweepOptions({}).runOnStartup).toBe(false);
  });

  it('fails the cold start naming a bad schedule', () => {
    expect(() => sweepSchedule({ WARD_SWEEP_SCHEDULE: '*/30 * * * *' })).toThrow(ConfigError);
    expect(() => sweepSchedule({ WARD_SWEEP_SCHEDULE: '*/30 * * * *' })).toThrow(
      /WARD_SWEEP_SCHEDULE: must be an NCRONTAB/,
    );
    expect(() => sweepSchedule({ WARD_SWEEP_SCHEDULE: '0 */30 * * * $(x)' })).toThrow(
      /WARD_SWEEP_SCHEDULE/,
    );
  });

  it('hands the tick to the use case', async () => {
    const ticks: SweepTick[] = [];
    const handler = makeSweepHandler(
      () => Promise.resolve({ sweep: (tick: SweepTick) => (ticks.push(tick), Promise.resolve()) }),
      () => new Date('2026-11-23T11:00:00.500Z'),
    );
    await handler(timer, contextFor('sweep').context);
    expect(ticks).toEqual([
      {
        invocationId: 'inv-sweep',
        functionName: 'sweep',
        firedAt: '2026-11-23T11:00:00.500Z',
        isPastDue: true,
      },
    ]);
  });

  it('rethrows a transient failure and only logs a permanent one', async () => {
    const transient = new UseCaseFailure('graph unavailable', true);
    const failing = (error: Error) =>
      makeSweepHandler(() => Promise.resolve({ sweep: () => Promise.reject(error) }));
    await expect(failing(transient)(timer, contextFor('sweep').context)).rejects.toBe(transient);
    const { context, logs } = contextFor('sweep');
    await expect(
      failing(new UseCaseFailure('no subscriptions configured', false))(timer, context),
    ).resolves.toBeUndefined();
    expect(logs[0]?.level).toBe('error');
    expect(JSON.stringify(logs[0]?.args)).toContain('no subscriptions configured');
  });
});
