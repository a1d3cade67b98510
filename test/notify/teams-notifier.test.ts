import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { remediationAppliedCard } from '../../src/notify/cards';
import { createTeamsNotifier, parseRetryAfter } from '../../src/notify/teams-notifier';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { memoryLogger } from './memory-logger';
import { remediationAppliedInput } from './samples';

const CANARY = 'CANARYsig0123456789abcdefCANARY';
let receiver: TeamsReceiver;

beforeAll(async () => {
  receiver = await startTeamsReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.posts.length = 0;
});

function setup(retry = { attempts: 4, baseDelayMs: 10, maxDelayMs: 1000 }) {
  const sleeps: number[] = [];
  const { logger, output } = memoryLogger();
  const notifier = createTeamsNotifier({
    webhookUrl: receiver.url(CANARY),
    retry,
    logger,
    random: () => 1,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  return { notifier, sleeps, output };
}

describe('Teams notifier', () => {
  it('posts the message JSON and reports delivery', async () => {
    receiver.setScript(() => ({ status: 202 }));
    const { notifier } = setup();
    const message = remediationAppliedCard(remediationAppliedInput());
    const result = await notifier.post(message);
    expect(result).toEqual({ delivered: true, attempts: 1, status: 202 });
    expect(receiver.posts).toHaveLength(1);
    expect(receiver.posts[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(receiver.posts[0]?.body ?? '')).toEqual(message);
  });

  it('retries 429 honouring Retry-After and 5xx with backoff, then delivers', async () => {
    receiver.setScript((index) =>
      index === 0
        ? { status: 429, headers: { 'retry-after': '2' } }
        : index === 1
          ? { status: 500 }
          : { status: 202 },
    );
    const { notifier, sleeps, output } = setup({ attempts: 5, baseDelayMs: 10, maxDelayMs: 5000 });
    const result = await notifier.post(remediationAppliedCard(remediationAppliedInput()));
    expect(result).toEqual({ delivered: true, attempts: 3, status: 202 });
    expect(receiver.posts).toHaveLength(3);
    // Retry-After 2 s beats the 10 ms backoff; the second wait is exponential (10 * 2^1).
    expect(sleeps).toEqual([2000, 20]);
    expect(output()).not.toContain(CANARY);
  });

  it('does not retry a 400: it is final', async () => {
    receiver.setScript(() => ({ status: 400 }));
    const { notifier, sleeps } = setup();
    const result = await notifier.post(remediationAppliedCard(remediationAppliedInput()));
    expect(result).toMatchObject({ delivered: false, attempts: 1, status: 400 });
    expect(sleeps).toEqual([]);
  });

  it('gives up after the attempts and says so', async () => {
    receiver.setScript(() => ({ status: 503 }));
    const { notifier, sleeps, output } = setup({ attempts: 3, baseDelayMs: 100, maxDelayMs: 150 });
    const result = await notifier.post(remediationAppliedCard(remediationAppliedInput()));
    expect(result).toMatchObject({ delivered: false, attempts: 3, status: 503 });
    expect(receiver.posts).toHaveLength(3);
    expect(sleeps).toEqual([100, 150]);
    expect(output()).toContain('teams message not delivered');
    expect(output()).not.toContain(CANARY);
  });

  it('leaves a long Retry-After to the outbox instead of blocking', async () => {
    receiver.setScript(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const { notifier, sleeps } = setup();
    const result = await notifier.post(remediationAppliedCard(remediationAppliedInput()));
    expect(result).toMatchObject({ delivered: false, attempts: 1, status: 429 });
    expect(sleeps).toEqual([]);
  });

  it('retries network errors and never logs the URL', async () => {
    const { logger, output } = memoryLogger();
    const closed = await startTeamsReceiver();
    const url = closed.url(CANARY);
    await closed.close();
    const sleeps: number[] = [];
    const notifier = createTeamsNotifier({
      webhookUrl: url,
      retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 },
      logger,
      random: () => 1,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    const result = await notifier.post(remediationAppliedCard(remediationAppliedInput()));
    expect(result.delivered).toBe(false);
    expect(result.status).toBeUndefined();
    expect(result.error).toBeDefined();
    expect(sleeps).toHaveLength(2);
    expect(output()).toContain('teams post failed; retrying');
    expect(output()).not.toContain(CANARY);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
