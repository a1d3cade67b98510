import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flushDigest, type FlushContext } from '../../src/app/digest-flush';
import { policySchema } from '../../src/config/policy';
import { SEVERITIES } from '../../src/domain';
import { CARD_TARGET_BYTES, messageBytes } from '../../src/notify/cards';
import { digestCards, itemName } from '../../src/notify/digest/digest-card';
import type { DigestItem } from '../../src/notify/digest/digest-item';
import { createDigestStore } from '../../src/notify/digest/digest-store';
import { createOutbox } from '../../src/notify/outbox';
import { createTeamsNotifier } from '../../src/notify/teams-notifier';
import type { TeamsMessage } from '../../src/notify/types';
import { tableEnv, type TableEnv } from '../approvals/tables';
import { startTeamsReceiver, type TeamsReceiver } from '../support/teams-receiver';
import { memoryLogger } from './memory-logger';

const RULES = [
  'storage-min-tls-1-2',
  'ml-compute-ssh-disabled',
  'keyvault-secret-expiry-set',
  'ml-workspace-private-endpoint',
  'diagnostic-settings-enabled',
] as const;
const WHATS = ['fixed', 'ticket opened', 'approval requested', 'recorded (audit)'] as const;
const QUEUE = 'https://ward.example.test/api/approvals';

/** `count` findings over as many resources in 40 resource groups, some with approvals. */
function items(count: number): DigestItem[] {
  return Array.from({ length: count }, (_, index) => {
    const what = WHATS[index % WHATS.length] ?? 'fixed';
    const approval = what === 'approval requested';
    return {
      cls: approval ? 'approval' : 'info',
      origin: 'sweep',
      what,
      ruleId: RULES[index % RULES.length],
      resourceId: `/subscriptions/57b8eaba-7785-535c-bc10-0c9c27d276a1/resourceGroups/rg-team-${index % 40}/providers/Microsoft.Storage/storageAccounts/st${String(index).padStart(5, '0')}`,
      severity: SEVERITIES[index % 4],
      summary: 'The account allows TLS 1.0.',
      at: '2026-12-04T10:00:00.000Z',
      ...(approval ? { url: `${QUEUE}/approval-${index}` } : {}),
    } satisfies DigestItem;
  });
}

function text(messages: readonly TeamsMessage[]): string {
  return messages.map((message) => JSON.stringify(message)).join('\n');
}

const input = (list: DigestItem[], extra: { reportUrl?: string; maxPages?: number } = {}) => ({
  items: list,
  at: '2026-12-04T10:30:00.000Z',
  source: 'the scheduled sweep',
  queueUrl: QUEUE,
  topItems: 8,
  maxPages: extra.maxPages ?? 20,
  ...(extra.reportUrl ? { reportUrl: extra.reportUrl } : {}),
});

describe('the Teams digest', () => {
  it('shows 5,000 findings in at most 20 cards, each within the size limit, naming every one', () => {
    const list = items(5_000);
    const cards = digestCards(input(list));
    expect(cards.length).toBeGreaterThan(1);
    expect(cards.length).toBeLessThanOrEqual(20);
    for (const card of cards) expect(messageBytes(card)).toBeLessThanOrEqual(CARD_TARGET_BYTES);
    const all = text(cards);
    const missing = list.filter((item) => !all.includes(itemName(item.resourceId)));
    expect(missing).toEqual([]);
    // Every approval can be opened from Teams: its link is on a card.
    for (const item of list.filter((i) => i.url)) expect(all).toContain(item.url);
  });

  it('counts by severity, rule and action, and links the queue; the report only when given', () => {
    const list = items(12);
    const [first] = digestCards(input(list));
    const body = JSON.stringify(first);
    expect(body).toContain('ward digest: 12 items from the scheduled sweep');
    expect(body).toContain('critical 3 · high 3 · medium 3 · low 3');
    expect(body).toContain('approval requested 3 · fixed 3 · recorded (audit) 3 · ticket opened 3');
    expect(body).toContain('storage-min-tls-1-2 3');
    expect(body).toContain(QUEUE);
    expect(body).not.toContain('Open the report');
    const withReport = JSON.stringify(
      digestCards(input(list, { reportUrl: 'https://reports.example.test/ward.html' }))[0],
    );
    expect(withReport).toContain('https://reports.example.test/ward.html');
  });

  it('puts what needs a person first: a failed fix, then approvals, then the rest', () => {
    const failed: DigestItem = {
      cls: 'urgent',
      origin: 'sweep',
      what: 'failed-verify',
      summary: 'the setting came back',
      resourceId:
        '/subscriptions/s/resourceGroups/rg-ops/providers/Microsoft.Storage/storageAccounts/stfailed',
      at: '2026-12-04T10:00:00.000Z',
    };
    const [first] = digestCards(input([...items(40), failed]));
    const body = JSON.stringify(first);
    expect(body).toContain('Needs a person first');
    const failedAt = body.indexOf('rg-ops/stfailed: failed-verify');
    const approvalAt = body.indexOf(': approval requested"');
    expect(failedAt).toBeGreaterThan(0);
    expect(approvalAt).toBeGreaterThan(failedAt);
    expect(body).not.toContain(': fixed"');
  });

  it('says so when pages were left out to keep the channel quiet', () => {
    const cards = digestCards(input(items(5_000), { maxPages: 3 }));
    expect(cards).toHaveLength(3);
    expect(JSON.stringify(cards.at(-1))).toMatch(/\d+ more pages were not posted/);
  });
});

let env: TableEnv;
let receiver: TeamsReceiver;
beforeAll(async () => {
  [env, receiver] = await Promise.all([tableEnv(), startTeamsReceiver()]);
});
afterAll(async () => {
  await Promise.all([env.stop(), receiver.close()]);
});

function context(clock: { now: Date }, prefix: string): FlushContext {
  const { logger } = memoryLogger();
  const notifier = createTeamsNotifier({
    webhookUrl: receiver.url('CANARYdigestsig0001'),
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 50 },
    logger,
  });
  const digestTable = env.table(`${prefix}digest`);
  return {
    digest: createDigestStore(async () => {
      await digestTable.createTable();
      return digestTable;
    }),
    outbox: createOutbox({
      table: env.table(`${prefix}outbox`),
      notifier,
      now: () => clock.now,
      logger,
    }),
    policy: policySchema.parse({}),
    logger,
    now: () => clock.now,
    approvalsQueueUrl: QUEUE,
  };
}

describe('the digest queue in Tables', () => {
  it('keeps a burst until its window has passed, then posts it once', async () => {
    const clock = { now: new Date('2026-12-04T10:00:00Z') };
    const ctx = context(clock, 'burst');
    receiver.setScript(() => ({ status: 202 }));
    const before = receiver.posts.length;
    await ctx.digest.add(items(30).map((item) => ({ ...item, origin: 'event' as const })));
    expect(await flushDigest(ctx, { force: false })).toEqual({ items: 0, cards: 0 });
    clock.now = new Date('2026-12-04T10:16:00Z');
    const flushed = await flushDigest(ctx, { force: false });
    expect(flushed.items).toBe(30);
    expect(receiver.posts.length - before).toBe(flushed.cards);
    expect(await ctx.digest.list()).toEqual([]);
    expect(await flushDigest(ctx, { force: true })).toEqual({ items: 0, cards: 0 });
  });

  it('never drops a digest Teams throttles: the outbox keeps it and delivers it later', async () => {
    const clock = { now: new Date('2026-12-04T11:00:00Z') };
    const ctx = context(clock, 'throttled');
    const list = items(5_000);
    await ctx.digest.add(list);
    const before = receiver.posts.length;
    // The first post is throttled with a wait longer than a post may hold on.
    receiver.setScript((index) =>
      index === before ? { status: 429, headers: { 'retry-after': '120' } } : { status: 202 },
    );
    const flushed = await flushDigest(ctx, { force: true, summary: '5000 resources read' });
    expect(flushed.items).toBe(5_000);
    const kept = await ctx.outbox.pending();
    expect(kept).toHaveLength(1);
    clock.now = new Date('2026-12-04T11:03:00Z');
    expect(await ctx.outbox.redeliver()).toEqual({ delivered: 1, remaining: 0 });
    const delivered = receiver.posts.slice(before).filter((_, index) => index !== 0);
    expect(delivered.length).toBe(flushed.cards);
    expect(delivered.length).toBeLessThanOrEqual(40);
    const all = delivered.map((post) => post.body).join('\n');
    const missing = list.filter((item) => !all.includes(itemName(item.resourceId)));
    expect(missing).toEqual([]);
  }, 120_000);

  it('counts cards against the window budget per class', async () => {
    const ctx = context({ now: new Date('2026-12-04T12:00:00Z') }, 'budget');
    const window = new Date('2026-12-04T12:00:00Z');
    expect(await ctx.digest.take('approval', 2, window)).toBe(true);
    expect(await ctx.digest.take('approval', 2, window)).toBe(true);
    expect(await ctx.digest.take('approval', 2, window)).toBe(false);
    expect(await ctx.digest.take('urgent', 2, window)).toBe(true);
    expect(await ctx.digest.take('approval', 2, new Date('2026-12-04T12:15:00Z'))).toBe(true);
    expect(await ctx.digest.prune(new Date('2026-12-04T12:10:00Z'))).toBe(2);
  });

  it('lets one flush run at a time, across instances', async () => {
    const table = env.table('lease');
    await table.createTable();
    const one = createDigestStore(() => Promise.resolve(table));
    const two = createDigestStore(() => Promise.resolve(table));
    const now = new Date('2026-12-04T13:00:00Z');
    expect(await one.lease(now, 60_000)).toBe(true);
    expect(await two.lease(now, 60_000)).toBe(false);
    await one.release();
    expect(await two.lease(now, 60_000)).toBe(true);
    // A flush that died frees the lease when it runs out.
    expect(await one.lease(new Date('2026-12-04T13:01:01Z'), 60_000)).toBe(true);
  });
});
