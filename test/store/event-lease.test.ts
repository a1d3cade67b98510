import { describe, expect, it } from 'vitest';
import { createDedupe } from '../../src/store/dedupe';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('lease');
const T0 = new Date('2026-12-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;

describe('event claims as leases', () => {
  it('claims once, reports a live lease as in progress, and a completed one as done', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.claimEvent('e1', T0, LEASE)).toEqual({ kind: 'claimed', takenOver: false });
    expect(await dedupe.claimEvent('e1', at(1_000), LEASE)).toEqual({
      kind: 'in-progress',
      until: at(LEASE),
    });
    expect(await dedupe.eventState('e1', at(1_000))).toBe('leased');
    await dedupe.completeEvent('e1', at(2_000));
    expect(await dedupe.claimEvent('e1', at(LEASE * 10), LEASE)).toEqual({ kind: 'done' });
    expect(await dedupe.eventState('e1', at(LEASE * 10))).toBe('done');
  });

  it('lets exactly one of ten concurrent redeliveries take over a lease that ran out', async () => {
    const dedupe = createDedupe(newTables());
    await dedupe.claimEvent('e2', T0, LEASE);
    expect(await dedupe.eventState('e2', at(LEASE + 1))).toBe('expired');
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => dedupe.claimEvent('e2', at(LEASE + 1), LEASE)),
    );
    expect(claims.filter((c) => c.kind === 'claimed')).toEqual([
      { kind: 'claimed', takenOver: true },
    ]);
    expect(claims.filter((c) => c.kind === 'in-progress')).toHaveLength(9);
  });

  it('lets a redelivery take over a released lease at once, knowing a handling came before', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.claimEvent('e4', T0, LEASE)).toEqual({ kind: 'claimed', takenOver: false });
    await dedupe.releaseEvent('e4', at(1_000));
    // Well within the lease: the release ended it, and nobody is handling the event now.
    expect(await dedupe.eventState('e4', at(2_000))).toBe('expired');
    expect(await dedupe.claimEvent('e4', at(2_000), LEASE)).toEqual({
      kind: 'claimed',
      takenOver: true,
    });
    expect(await dedupe.claimEvent('e4', at(3_000), LEASE)).toMatchObject({ kind: 'in-progress' });
  });

  it('treats a row written before leases existed as handled, and a released id as new', async () => {
    const dedupe = createDedupe(newTables());
    expect(await dedupe.markEventSeen('old', T0)).toBe(true);
    expect(await dedupe.claimEvent('old', at(1), LEASE)).toEqual({ kind: 'done' });
    await dedupe.claimEvent('e3', T0, LEASE);
    await dedupe.forgetEvent('e3');
    expect(await dedupe.eventState('e3', T0)).toBe('none');
    expect(await dedupe.claimEvent('e3', at(1), LEASE)).toEqual({
      kind: 'claimed',
      takenOver: false,
    });
  });
});
