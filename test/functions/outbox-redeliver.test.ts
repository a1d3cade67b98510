import { randomBytes } from 'node:crypto';
import type { Timer } from '@azure/functions';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  makeOutboxRedeliveryHandler,
  OUTBOX_REDELIVERY_SCHEDULE,
  outboxRedeliveryOptions,
} from '../../functions/outbox-redeliver';
import { createWard, type Ward } from '../../src/app/create-ward';
import type { OutboxRedelivery, TimerTick } from '../../src/app/ports';
import { policySchema } from '../../src/config/policy';
import { alertCard } from '../../src/notify/cards';
import { SimulatorCredential } from '../../src/simulator';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { contextFor, UseCaseFailure } from './support';

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: true },
  scheduleStatus: {
    last: '2026-11-23T10:55:30Z',
    next: '2026-11-23T11:00:30Z',
    lastUpdated: '2026-11-23T10:55:30Z',
  },
};

describe('outbox redelivery trigger', () => {
  it('runs every five minutes, not on startup', () => {
    expect(OUTBOX_REDELIVERY_SCHEDULE).toMatch(/^(\S+\s+){5}\S+$/);
    expect(OUTBOX_REDELIVERY_SCHEDULE).toBe('30 */5 * * * *');
    expect(outboxRedeliveryOptions().runOnStartup).toBe(false);
  });

  it('hands the tick to the use case and warns while messages still wait', async () => {
    const ticks: TimerTick[] = [];
    const answer = (result: OutboxRedelivery) =>
      makeOutboxRedeliveryHandler(
        () =>
          Promise.resolve({
            redeliverOutbox: (tick: TimerTick) => (ticks.push(tick), Promise.resolve(result)),
          }),
        () => new Date('2026-11-23T11:00:30.250Z'),
      );
    const quiet = contextFor('outbox-redeliver');
    await answer({ delivered: 2, remaining: 0 })(timer, quiet.context);
    expect(quiet.logs).toEqual([]);
    const waiting = contextFor('outbox-redeliver');
    await answer({ delivered: 0, remaining: 3 })(timer, waiting.context);
    expect(waiting.logs[0]?.level).toBe('warning');
    expect(JSON.stringify(waiting.logs[0]?.args)).toContain('"remaining":3');
    expect(ticks[0]).toEqual({
      invocationId: 'inv-outbox-redeliver',
      functionName: 'outbox-redeliver',
      firedAt: '2026-11-23T11:00:30.250Z',
      isPastDue: false,
    });
  });

  it('rethrows a transient failure and only logs a permanent one', async () => {
    const failing = (error: Error) =>
      makeOutboxRedeliveryHandler(() =>
        Promise.resolve({ redeliverOutbox: () => Promise.reject(error) }),
      );
    const transient = new UseCaseFailure('table service unavailable', true);
    await expect(failing(transient)(timer, contextFor('outbox-redeliver').context)).rejects.toBe(
      transient,
    );
    const { context, logs } = contextFor('outbox-redeliver');
    await expect(
      failing(new UseCaseFailure('outbox entry is malformed', false))(timer, context),
    ).resolves.toBeUndefined();
    expect(logs[0]?.level).toBe('error');
    expect(JSON.stringify(logs[0]?.args)).toContain('outbox entry is malformed');
  });
});

describe('redeliverOutbox use case (createWard, Azurite)', () => {
  let receiver: TeamsReceiver;
  let ward: Ward;

  beforeAll(async () => {
    receiver = await startTeamsReceiver(() => ({ status: 503 }));
    ward = await createWard({
      // Nothing here reaches ARM: only the outbox and Teams are used.
      armEndpoint: 'https://127.0.0.1:9',
      credential: new SimulatorCredential({ oid: 'a0a0a0a0-0000-4000-8000-0000000000aa' }),
      tables: { connectionString: inject('azuriteConnectionString') },
      tablePrefix: `obx${randomBytes(4).toString('hex')}`,
      policy: policySchema.parse({}),
      principalId: 'a0a0a0a0-0000-4000-8000-0000000000aa',
      subscriptions: [],
      approvalBaseUrl: 'https://ward.contoso.example',
      teams: {
        webhookUrl: receiver.url('sig-outbox-canary'),
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      },
      logger: pino({ level: 'silent' }),
      verify: { attempts: 1, delayMs: 1 },
      sleep: () => Promise.resolve(),
    });
  });

  afterAll(async () => {
    await ward.close();
    await receiver.close();
  });

  it('posts what Teams refused earlier, once Teams answers again', async () => {
    const card = alertCard({
      kind: 'failed-remediation',
      summary: 'Kept while Teams was down',
      occurredAt: '2026-11-23T10:50:00Z',
    });
    const kept = await ward.outbox.send(card, 'alert:failed-remediation');
    expect(kept.delivered).toBe(false);
    expect(await ward.outbox.pending()).toHaveLength(1);

    const handler = makeOutboxRedeliveryHandler(() => Promise.resolve(ward.useCases));
    await handler(timer, contextFor('outbox-redeliver').context);
    expect(await ward.outbox.pending()).toHaveLength(1);

    receiver.setScript(() => ({ status: 202 }));
    const posts = receiver.posts.length;
    const { context, logs } = contextFor('outbox-redeliver');
    await handler(timer, context);
    expect(logs).toEqual([]);
    expect(await ward.outbox.pending()).toEqual([]);
    expect(receiver.posts.slice(posts).map((post) => post.body)).toEqual([JSON.stringify(card)]);
  });
});
