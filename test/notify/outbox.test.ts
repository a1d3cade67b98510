import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertCard } from '../../src/notify/cards';
import { createOutbox } from '../../src/notify/outbox';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { createCollision, writeTo } from '../support/collision';
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

  it('two concurrent redelivery runs post each kept message once', async () => {
    const { logger } = memoryLogger();
    const table = env.table('outboxrace');
    // Each run's first claim (an etag-guarded MERGE) waits until the other run sends its own.
    const collision = createCollision(['a', 'b'], writeTo(table.tableName, ['PATCH']));
    // Two clients on the same table: two function instances running the timer.
    const client = () =>
      TableClient.fromConnectionString(env.connectionString, table.tableName, {
        ...collision.clientOptions,
        allowInsecureConnection: true,
      });
    const clock = new Date('2026-11-23T10:00:00Z');
    const outbox = (tableClient: TableClient) =>
      createOutbox({
        table: tableClient,
        notifier: createTeamsNotifier({
          webhookUrl: receiver.url('race'),
          retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
          logger,
        }),
        now: () => clock,
        logger,
      });
    const [a, b] = [outbox(client()), outbox(client())];
    const [sample] = alertInputs();
    if (!sample) throw new Error('samples missing');
    const messages = Array.from({ length: 8 }, (_, index) =>
      alertCard({ ...sample, summary: `kept message ${index}` }),
    );
    for (const message of messages) await a.enqueue(message, 'alert');

    receiver.setScript(() => ({ status: 202 }));
    const before = receiver.posts.length;
    const [first, second] = await Promise.all([
      collision.as('a', () => a.redeliver()),
      collision.as('b', () => b.redeliver()),
    ]);
    // Both runs listed all eight and claimed the oldest together: one claim lost to the etag.
    expect(collision.arrived().sort()).toEqual(['a', 'b']);
    const claims = collision.statuses();
    expect([claims.a[0], claims.b[0]].sort()).toEqual([204, 412]);
    // Every entry was claimed by exactly one run; each other claim found it taken or gone.
    expect(claims.a).toHaveLength(messages.length);
    expect(claims.b).toHaveLength(messages.length);
    for (const run of [claims.a, claims.b]) {
      expect(run.every((status) => [204, 404, 412].includes(status))).toBe(true);
    }
    expect(claims.a.filter((status) => status === 204)).toHaveLength(first.delivered);
    expect(claims.b.filter((status) => status === 204)).toHaveLength(second.delivered);
    const posted = receiver.posts
      .slice(before)
      .map((post) => /kept message \d+/.exec(post.body)?.[0] ?? post.body)
      .sort();
    expect(posted).toEqual(messages.map((_, index) => `kept message ${index}`).sort());
    expect(first.delivered + second.delivered).toBe(messages.length);
    expect(first.remaining + second.remaining).toBe(0);
    expect(await a.pending()).toEqual([]);
  });

  it('leaves an entry another run holds alone until its claim expires', async () => {
    const { logger } = memoryLogger();
    const table = env.table('outboxclaim');
    let clock = new Date('2026-11-23T10:00:00Z');
    const outbox = createOutbox({
      table,
      notifier: createTeamsNotifier({
        webhookUrl: receiver.url('claim'),
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        logger,
      }),
      now: () => clock,
      logger,
      claimMs: 60_000,
    });
    const [sample] = alertInputs();
    if (!sample) throw new Error('samples missing');
    const id = await outbox.enqueue(alertCard(sample), 'alert');
    // A run on another instance claimed it and has not finished (or died mid-post).
    await table.updateEntity(
      { partitionKey: 'outbox', rowKey: id, claimedUntil: '2026-11-23T10:01:00.000Z' },
      'Merge',
    );
    receiver.setScript(() => ({ status: 202 }));
    const before = receiver.posts.length;
    expect(await outbox.redeliver()).toEqual({ delivered: 0, remaining: 0 });
    expect(receiver.posts.length).toBe(before);
    expect(await outbox.pending()).toHaveLength(1);

    clock = new Date('2026-11-23T10:01:00.001Z');
    expect(await outbox.redeliver()).toEqual({ delivered: 1, remaining: 0 });
    expect(receiver.posts.length).toBe(before + 1);
    expect(await outbox.pending()).toEqual([]);
  });

  it('a failed post releases its claim, so the next run retries at once', async () => {
    const { logger } = memoryLogger();
    const table = env.table('outboxrelease');
    const clock = new Date('2026-11-23T10:00:00Z');
    const outbox = createOutbox({
      table,
      notifier: createTeamsNotifier({
        webhookUrl: receiver.url('release'),
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        logger,
      }),
      now: () => clock,
      logger,
    });
    const [sample] = alertInputs();
    if (!sample) throw new Error('samples missing');
    await outbox.enqueue(alertCard(sample), 'alert');
    receiver.setScript(() => ({ status: 503 }));
    expect(await outbox.redeliver()).toEqual({ delivered: 0, remaining: 1 });
    receiver.setScript(() => ({ status: 202 }));
    expect(await outbox.redeliver()).toEqual({ delivered: 1, remaining: 0 });
  });
});
