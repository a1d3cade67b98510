import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCard } from '../../src/notify/cards';
import { createOutbox } from '../../src/notify/outbox';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { memoryLogger } from './memory-logger';
import { alertInputs } from './samples';

let env: TableEnv;
let receiver: TeamsReceiver;

beforeAll(async () => {
  [env, receiver] = await Promise.all([tableEnv(), startTeamsReceiver()]);
});
afterAll(async () => {
  await Promise.all([env.stop(), receiver.close()]);
});

describe('outbox', () => {
  it('keeps what Teams did not take and delivers it on a later run', async () => {
    const { logger, output } = memoryLogger();
    const notifier = createTeamsNotifier({
      webhookUrl: receiver.url('CANARYoutboxsig0001'),
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      logger,
    });
    let clock = new Date('2026-11-23T10:00:00Z');
    const outbox = createOutbox({ table: env.table('outbox'), notifier, now: () => clock, logger });
    const [first, second] = alertInputs();
    if (!first || !second) throw new Error('samples missing');

    receiver.setScript(() => ({ status: 503 }));
    const failed = await outbox.send(alertCard(first), 'alert');
    expect(failed.delivered).toBe(false);
    expect(failed.outboxId).toBeDefined();
    clock = new Date('2026-11-23T10:00:01Z');
    await outbox.send(alertCard(second), 'alert');

    const pending = await outbox.pending();
    expect(pending.map((entry) => entry.message)).toEqual([alertCard(first), alertCard(second)]);
    expect(pending[0]).toMatchObject({ kind: 'alert', attempts: 2, lastStatus: 503 });

    // Still failing: both stay, with the attempts counted.
    expect(await outbox.redeliver()).toEqual({ delivered: 0, remaining: 2 });
    expect((await outbox.pending())[0]?.attempts).toBe(4);

    receiver.setScript(() => ({ status: 202 }));
    const before = receiver.posts.length;
    expect(await outbox.redeliver()).toEqual({ delivered: 2, remaining: 0 });
    expect(await outbox.pending()).toEqual([]);
    const delivered = receiver.posts.slice(before).map((post) => JSON.parse(post.body) as unknown);
    expect(delivered).toEqual([alertCard(first), alertCard(second)]);
    expect(output()).not.toContain('CANARY');
  });

  it('does not keep a delivered message', async () => {
    receiver.setScript(() => ({ status: 202 }));
    const { logger } = memoryLogger();
    const notifier = createTeamsNotifier({ webhookUrl: receiver.url('x'), logger });
    const outbox = createOutbox({
      table: env.table('outbox'),
      notifier,
      now: () => new Date(),
      logger,
    });
    const [first] = alertInputs();
    if (!first) throw new Error('samples missing');
    const result = await outbox.send(alertCard(first), 'alert');
    expect(result).toMatchObject({ delivered: true });
    expect(result.outboxId).toBeUndefined();
    expect(await outbox.pending()).toEqual([]);
  });
});
