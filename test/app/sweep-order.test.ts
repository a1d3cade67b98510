import { describe, expect, it } from 'vitest';
import { interleaveBySubscription } from '../../src/app/sweep';
import type { ChangeSignal } from '../../src/domain';

function signal(subscriptionId: string | undefined, n: number): ChangeSignal {
  return {
    eventId: `sweep:s:${String(subscriptionId)}-${String(n)}`,
    eventType: 'ward.sweep',
    source: 'sweep',
    resourceId: `/subscriptions/${String(subscriptionId)}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st${String(n)}`,
    eventTime: '2026-12-01T10:00:00Z',
    ...(subscriptionId ? { subscriptionId } : {}),
  };
}

describe("the sweep's order", () => {
  it("takes the subscriptions in turns, keeping each one's order and every signal", () => {
    const a = [1, 2, 3].map((n) => signal('AAAA', n));
    const b = [1].map((n) => signal('bbbb', n));
    const c = [1, 2].map((n) => signal('cccc', n));
    const none = [signal(undefined, 9)];
    // Resource Graph's order: one subscription after the other; the case of ids varies.
    const ordered = interleaveBySubscription([...a, ...b, signal('aaaa', 4), ...c, ...none]);
    expect(ordered.map((s) => s.eventId)).toEqual(
      [a[0], b[0], c[0], none[0], a[1], c[1], a[2], signal('aaaa', 4)].map((s) => s?.eventId),
    );
  });
});
