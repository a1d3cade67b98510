import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepDigest } from '../../src/app/sweep';
import { itemName } from '../../src/notify/digest/digest-card';
import { generateEstate } from '../../src/simulator/seed/generate';
import { startWardHarness, type WardHarness } from './harness';

/**
 * A first sweep of a generated 5,000-resource estate over ten subscriptions: without a noise
 * budget it would post a card per finding. The channel gets the urgent cards within their
 * budget and one digest whose pages name every finding, so each is reachable from Teams.
 * (`npm run bench -- teams` runs the same sweep and prints its figures.)
 */
const estate = generateEstate({ resources: 5_000, seed: 12, subscriptions: 10 });

let h: WardHarness;
let digest: SweepDigest;
/** ward's warnings and errors: the sweep's debug lines are many and not what this checks. */
const problems: string[] = [];
beforeAll(async () => {
  h = await startWardHarness({
    seed: estate,
    // A first rollout: decide and record, change nothing (the digest shows what would change).
    policy: { dryRun: true },
    ward: {
      sweepConcurrency: 16,
      logger: pino(
        { level: 'warn' },
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            problems.push(chunk.toString('utf8'));
            done();
          },
        }),
      ),
    },
  });
  digest = await h.ward.sweep({
    invocationId: 'sweep-5000',
    functionName: 'sweep',
    firedAt: new Date().toISOString(),
    isPastDue: false,
  });
}, 600_000);
afterAll(async () => {
  await h.stop();
});

describe('a sweep of a generated 5,000-resource estate', () => {
  it('judges every resource and secret, and no signal fails', () => {
    expect(digest.secrets).toBe(estate.secrets.length);
    expect(digest.resources + digest.secrets).toBeGreaterThan(5_000);
    expect(digest.evaluated).toBe(digest.resources + digest.secrets);
    expect(digest.failed).toBe(0);
    expect(digest.errors).toBe(0);
    expect(problems.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('posts at most 40 Teams messages, each within the size limit', () => {
    expect(h.teams.posts.length).toBeGreaterThan(0);
    expect(h.teams.posts.length).toBeLessThanOrEqual(40);
    for (const post of h.teams.posts) {
      expect(Buffer.byteLength(post.body, 'utf8')).toBeLessThanOrEqual(28 * 1024);
    }
  });

  it('names every finding of the sweep on a posted card', async () => {
    const decisions = (await h.ward.ledger.listAll()).filter(
      (entry) => entry.kind === 'decision' && entry.ruleId !== undefined && entry.verb !== 'none',
    );
    expect(decisions.length).toBeGreaterThan(5_000);
    const text = h.teams.posts.map((post) => post.body).join('\n');
    const missing = decisions.filter(
      (entry) => !text.includes(JSON.stringify(itemName(entry.resourceId)).slice(1, -1)),
    );
    expect(missing.map((entry) => `${entry.ruleId} ${entry.resourceId}`)).toEqual([]);
  });

  it('says what it counted: the digest title carries the number of findings', async () => {
    const decisions = (await h.ward.ledger.listAll()).filter(
      (entry) => entry.kind === 'decision' && entry.ruleId !== undefined && entry.verb !== 'none',
    );
    const digest = h.cards().find((card) => card.title.startsWith('ward digest'));
    expect(digest?.title).toContain(`${decisions.length} items`);
  });

  it('empties the digest queue once the digest is posted', async () => {
    expect(await h.ward.flushDigest()).toEqual({ items: 0, cards: 0 });
  });
});
