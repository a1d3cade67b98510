import { describe, expect, it } from 'vitest';
import { createGuardrails } from '../../src/store/budget';
import { tablesForTest } from '../support/azurite';

const newTables = tablesForTest('budget');
const SUB_A = '00000000-0000-0000-0000-00000000000a';
const SUB_B = '00000000-0000-0000-0000-00000000000b';
const NOW = new Date('2026-11-23T10:10:00Z');
const budget = { maxChanges: 3, maxChangesPerSubscription: 2, windowMinutes: 60 };
const NIC =
  '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1';

describe('blast-radius budget', () => {
  it('counts per subscription and globally within a window', async () => {
    const guardrails = createGuardrails(newTables());
    const a = { subscriptionId: SUB_A, now: NOW, budget };
    const b = { subscriptionId: SUB_B, now: NOW, budget };
    expect(await guardrails.current(a)).toEqual({
      allowed: true,
      used: 0,
      limit: 2,
      scope: 'subscription',
    });
    expect(await guardrails.tryConsume(a)).toMatchObject({ allowed: true, used: 1 });
    expect(await guardrails.tryConsume(a)).toMatchObject({ allowed: true, used: 2 });
    expect(await guardrails.tryConsume(a)).toEqual({
      allowed: false,
      used: 2,
      limit: 2,
      scope: 'subscription',
    });
    expect(await guardrails.current(a)).toMatchObject({ allowed: false, scope: 'subscription' });
    // Another subscription still has room until the global limit.
    expect(await guardrails.tryConsume(b)).toEqual({
      allowed: true,
      used: 3,
      limit: 3,
      scope: 'global',
    });
    expect(await guardrails.tryConsume(b)).toEqual({
      allowed: false,
      used: 3,
      limit: 3,
      scope: 'global',
    });
    // A new window starts fresh; a subscription id differing only in case is the same one.
    const nextWindow = {
      subscriptionId: SUB_A.toUpperCase(),
      now: new Date('2026-11-23T11:00:00Z'),
      budget,
    };
    expect(await guardrails.tryConsume(nextWindow)).toMatchObject({ allowed: true, used: 1 });
    expect(await guardrails.tryConsume(nextWindow)).toMatchObject({ allowed: true, used: 2 });
    expect(await guardrails.tryConsume(nextWindow)).toMatchObject({ allowed: false });
  });

  it('never lets concurrent consumers exceed the limits', async () => {
    const tables = newTables();
    const limits = { maxChanges: 5, maxChangesPerSubscription: 4, windowMinutes: 60 };
    const requests = Array.from({ length: 12 }, (_, index) => ({
      subscriptionId: index % 2 === 0 ? SUB_A : SUB_B,
      now: NOW,
      budget: limits,
    }));
    const answers = await Promise.all(
      requests.map((request) => createGuardrails(tables).tryConsume(request)),
    );
    const granted = answers.filter((answer) => answer.allowed);
    expect(granted).toHaveLength(5);
    const perSub = (sub: string) =>
      answers.filter((answer, index) => answer.allowed && requests[index]!.subscriptionId === sub)
        .length;
    expect(perSub(SUB_A)).toBeLessThanOrEqual(4);
    expect(perSub(SUB_B)).toBeLessThanOrEqual(4);
    expect(
      await createGuardrails(tables).current({ ...requests[0]!, budget: limits }),
    ).toMatchObject({
      allowed: false,
      used: 5,
      scope: 'global',
    });
  });

  it('refuses limits that are not positive integers', async () => {
    const guardrails = createGuardrails(newTables());
    await expect(
      guardrails.tryConsume({
        subscriptionId: SUB_A,
        now: NOW,
        budget: { ...budget, maxChanges: 0 },
      }),
    ).rejects.toMatchObject({ code: 'STORE_INVALID_INPUT' });
  });
});

describe('flap counters', () => {
  it('counts fixes of one rule on one resource inside the window only', async () => {
    const guardrails = createGuardrails(newTables());
    const at = (iso: string) => new Date(iso);
    await guardrails.recordFix('network-nic-no-public-ip', NIC, at('2026-11-22T09:00:00Z'));
    await guardrails.recordFix('network-nic-no-public-ip', NIC, at('2026-11-23T08:00:00Z'));
    await guardrails.recordFix(
      'network-nic-no-public-ip',
      NIC.toUpperCase(),
      at('2026-11-23T09:00:00Z'),
    );
    await guardrails.recordFix('network-nic-no-public-ip', NIC, at('2026-11-23T09:00:00Z'));
    await guardrails.recordFix('storage-min-tls-1-2', NIC, at('2026-11-23T09:30:00Z'));
    await guardrails.recordFix('network-nic-no-public-ip', NIC, at('2026-11-23T11:00:00Z'));

    const now = at('2026-11-23T10:00:00Z');
    expect(await guardrails.fixesInWindow('network-nic-no-public-ip', NIC, now, 1440)).toBe(3);
    expect(await guardrails.fixesInWindow('network-nic-no-public-ip', NIC, now, 90)).toBe(2);
    expect(await guardrails.fixesInWindow('storage-min-tls-1-2', NIC, now, 1440)).toBe(1);
    expect(await guardrails.fixesInWindow('ml-compute-no-public-ip', NIC, now, 1440)).toBe(0);
    // The window is (now - window, now]: the 08:00 fix is exactly one window before 09:09.
    const atNine = at('2026-11-23T09:09:00Z');
    expect(await guardrails.fixesInWindow('network-nic-no-public-ip', NIC, atNine, 69)).toBe(2);
    expect(await guardrails.fixesInWindow('network-nic-no-public-ip', NIC, atNine, 70)).toBe(3);
  });
});

describe('pruning', () => {
  it('drops old fixes and finished windows, keeping what still counts', async () => {
    const guardrails = createGuardrails(newTables());
    const a = { subscriptionId: SUB_A, budget };
    await guardrails.tryConsume({ ...a, now: new Date('2026-11-23T08:30:00Z') });
    await guardrails.tryConsume({ ...a, now: new Date('2026-11-23T10:30:00Z') });
    await guardrails.recordFix('storage-min-tls-1-2', NIC, new Date('2026-11-21T10:00:00Z'));
    await guardrails.recordFix('storage-min-tls-1-2', NIC, new Date('2026-11-23T10:00:00Z'));

    // The 08:00-09:00 window (global and subscription rows) and the old fix go.
    expect(await guardrails.prune(new Date('2026-11-23T09:00:00Z'))).toBe(3);
    const now = new Date('2026-11-23T10:40:00Z');
    expect(await guardrails.fixesInWindow('storage-min-tls-1-2', NIC, now, 7 * 1440)).toBe(1);
    expect(await guardrails.current({ ...a, now })).toMatchObject({ used: 1 });
  });
});
