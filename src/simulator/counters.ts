export const COUNTER_KEYS = [
  'reads',
  'writes',
  'deletes',
  'actions',
  'throttled',
  'preconditionFailed',
  'eventsEmitted',
  'eventsDelivered',
  'deadLettered',
] as const;

export type CounterKey = (typeof COUNTER_KEYS)[number];
export type CounterSet = Record<CounterKey, number>;

export interface CountersSnapshot {
  total: CounterSet;
  byPrincipal: Record<string, CounterSet>;
}

function emptySet(): CounterSet {
  return {
    reads: 0,
    writes: 0,
    deletes: 0,
    actions: 0,
    throttled: 0,
    preconditionFailed: 0,
    eventsEmitted: 0,
    eventsDelivered: 0,
    deadLettered: 0,
  };
}

/** Calls and events per principal and kind, for tests and benchmarks to assert on. */
export class Counters {
  private total: CounterSet = emptySet();
  private byPrincipal = new Map<string, CounterSet>();

  count(principalId: string, key: CounterKey, n = 1): void {
    let set = this.byPrincipal.get(principalId);
    if (!set) {
      set = emptySet();
      this.byPrincipal.set(principalId, set);
    }
    set[key] += n;
    this.total[key] += n;
  }

  snapshot(): CountersSnapshot {
    const byPrincipal: Record<string, CounterSet> = {};
    for (const [id, set] of this.byPrincipal) byPrincipal[id] = { ...set };
    return { total: { ...this.total }, byPrincipal };
  }

  reset(): void {
    this.total = emptySet();
    this.byPrincipal.clear();
  }
}
