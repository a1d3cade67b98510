export interface SimClockOptions {
  /** Time the clock shows at start; defaults to the real time. */
  start?: Date | string;
  /** When true the clock moves only through `advance` and `set`. */
  frozen?: boolean;
}

/**
 * The simulator's clock for time the estate sees (secret expiry, event times). It runs with
 * real time plus an offset unless frozen; `advance` moves it forward without waiting.
 */
export class SimClock {
  private offsetMs: number;
  private frozenAt: number | undefined;
  private readonly listeners = new Set<(now: Date) => void>();

  constructor(options: SimClockOptions = {}) {
    const start = options.start === undefined ? Date.now() : new Date(options.start).getTime();
    if (Number.isNaN(start))
      throw new RangeError(`clock start is not a date: ${String(options.start)}`);
    this.offsetMs = start - Date.now();
    this.frozenAt = options.frozen ? start : undefined;
  }

  nowMs(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advance takes a non-negative number of ms');
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.notify();
  }

  set(date: Date | string): void {
    const target = new Date(date).getTime();
    if (Number.isNaN(target)) throw new RangeError(`not a date: ${String(date)}`);
    if (this.frozenAt !== undefined) this.frozenAt = target;
    else this.offsetMs = target - Date.now();
    this.notify();
  }

  /**
   * Calls `listener` after every `advance` and `set` (time that jumps; real time passing does
   * not call it). Returns a function that removes the listener.
   */
  onChange(listener: (now: Date) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(): void {
    const now = this.now();
    for (const listener of [...this.listeners]) listener(now);
  }
}
