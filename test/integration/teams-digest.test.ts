import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemName } from '../../src/notify/digest/digest-card';
import { generateEstate } from '../../src/simulator/seed/generate';
import { startWardHarness, type WardHarness } from './harness';

/**
 * A first sweep of a generated estate: without a noise budget it would post a card per finding.
 * The channel gets the urgent cards within their budget and one digest whose pages name every
 * finding, so each is reachable from Teams. (1,000 resources keep the suite's time reasonable on
 * two cores; test/notify/digest.test.ts takes 5,000 findings through the same queue and digest,
 * and `npm run bench -- teams` sweeps a 5,000-resource estate and prints the same counts.)
 */
const estate = generateEstate({ resources: 1_000, seed: 12, subscriptions: 2 });

let h: WardHarness;
beforeAll(async () => {
  h = await startWardHarness({
    seed: estate,
    // A first rollout: decide and record, change nothing (the digest shows what would change).
    policy: { dryRun: true },
  });
  await h.ward.sweep({
    invocationId: 'sweep-1000',
    functionName: 'sweep',
    firedAt: new Date().toISOString(),
    isPastDue: false,
  });
}, 400_000);
afterAll(async () => {
  await h.stop();
});

describe('a sweep of a generated 1,000-resource estate', () => {
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
    expect(decisions.length).toBeGreaterThan(400);
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
