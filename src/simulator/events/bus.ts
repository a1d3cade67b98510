import type { Counters } from '../counters';
import type { Prng } from '../prng';
import type { EventGridEvent } from './event';

export type EventHandler = (events: EventGridEvent[]) => Promise<void>;

export interface EventDeliveryOptions {
  /** Probability that an event is delivered more than once. Default 0. */
  duplicateProbability?: number;
  /** Most extra copies of one duplicated event. Default 1. */
  maxDuplicates?: number;
  /** Shuffle each delivery's events (duplicates included). Default false. */
  reorder?: boolean;
  /** Most events per delivery (Event Grid batches). Default 10. */
  maxBatchSize?: number;
  /** Wait before a delivery starts. Default 0. */
  delayMs?: number;
  /** Delivery attempts before an event is dead-lettered. Default 3. */
  maxAttempts?: number;
  /** Wait between attempts. Default 10 ms. */
  retryDelayMs?: number;
  /**
   * Also publish Azure Resource Notifications events (CreatedOrUpdated / Deleted with the
   * resource's payload) beside the subscription topic's. Default false.
   */
  resourceNotifications?: boolean;
}

export interface SubscribeOptions {
  name?: string;
  /** Only events this returns true for are delivered (Event Grid's filters). */
  filter?: (event: EventGridEvent) => boolean;
}

export interface EventSubscription {
  id: string;
  unsubscribe(): void;
}

export interface DeadLetter {
  subscription: string;
  event: EventGridEvent;
  attempts: number;
  reason: string;
}

interface Queued {
  event: EventGridEvent;
  principalId: string;
}

interface Subscriber {
  id: string;
  deliver: EventHandler;
  filter: ((event: EventGridEvent) => boolean) | undefined;
  queue: Queued[];
  timer: NodeJS.Timeout | undefined;
  inflight: Promise<void> | undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function webhook(url: string): EventHandler {
  return async (events) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify(events),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  };
}

/**
 * Event Grid as subscribers see it: at least once, in batches, possibly duplicated and
 * reordered, retried and then dead-lettered. Randomness comes from a seeded generator.
 */
export class EventBus {
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly published: EventGridEvent[] = [];
  private readonly dead: DeadLetter[] = [];
  private nextId = 1;
  private readonly opts: Required<EventDeliveryOptions>;

  constructor(
    options: EventDeliveryOptions,
    private readonly random: Prng,
    private readonly counters: Counters,
  ) {
    this.opts = {
      duplicateProbability: options.duplicateProbability ?? 0,
      maxDuplicates: options.maxDuplicates ?? 1,
      reorder: options.reorder ?? false,
      maxBatchSize: options.maxBatchSize ?? 10,
      delayMs: options.delayMs ?? 0,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: options.retryDelayMs ?? 10,
      resourceNotifications: options.resourceNotifications ?? false,
    };
    if (this.opts.duplicateProbability < 0 || this.opts.duplicateProbability > 1) {
      throw new RangeError('events.duplicateProbability must be within [0, 1]');
    }
    if (this.opts.maxBatchSize < 1 || this.opts.maxAttempts < 1 || this.opts.maxDuplicates < 1) {
      throw new RangeError('events.maxBatchSize, maxAttempts and maxDuplicates must be >= 1');
    }
  }

  /** Whether writes and deletes also publish Azure Resource Notifications events. */
  get resourceNotifications(): boolean {
    return this.opts.resourceNotifications;
  }

  subscribe(target: EventHandler | string, options: SubscribeOptions = {}): EventSubscription {
    const id = options.name ?? `subscription-${this.nextId++}`;
    if (this.subscribers.has(id)) throw new Error(`event subscription ${id} already exists`);
    const deliver = typeof target === 'string' ? webhook(new URL(target).toString()) : target;
    this.subscribers.set(id, {
      id,
      deliver,
      filter: options.filter,
      queue: [],
      timer: undefined,
      inflight: undefined,
    });
    return {
      id,
      unsubscribe: () => {
        const sub = this.subscribers.get(id);
        if (sub?.timer) clearTimeout(sub.timer);
        this.subscribers.delete(id);
      },
    };
  }

  /** Publishes events raised by `principalId` to every subscriber whose filter accepts them. */
  publish(events: readonly EventGridEvent[], principalId = 'system'): void {
    for (const event of events) {
      this.published.push(structuredClone(event));
      this.counters.count(principalId, 'eventsEmitted');
      for (const sub of this.subscribers.values()) {
        if (sub.filter && !sub.filter(event)) continue;
        sub.queue.push({ event: structuredClone(event), principalId });
        if (this.random.next() < this.opts.duplicateProbability) {
          const copies = 1 + this.random.int(this.opts.maxDuplicates);
          for (let i = 0; i < copies; i++) {
            sub.queue.push({ event: structuredClone(event), principalId });
          }
        }
        this.schedule(sub);
      }
    }
  }

  /** Every event published, once each, in publish order. */
  history(): EventGridEvent[] {
    return structuredClone(this.published);
  }

  deadLettered(): DeadLetter[] {
    return structuredClone(this.dead);
  }

  /** Delivers everything queued now and waits until every subscriber is idle. */
  async flush(): Promise<void> {
    for (;;) {
      const pending: Promise<void>[] = [];
      for (const sub of this.subscribers.values()) {
        if (sub.timer) {
          clearTimeout(sub.timer);
          sub.timer = undefined;
        }
        if (sub.queue.length > 0 && !sub.inflight) this.drain(sub);
        if (sub.inflight) pending.push(sub.inflight);
      }
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  /** Stops timers; queued events are dropped. */
  close(): void {
    for (const sub of this.subscribers.values()) {
      if (sub.timer) clearTimeout(sub.timer);
      sub.timer = undefined;
      sub.queue = [];
    }
  }

  private schedule(sub: Subscriber): void {
    if (sub.timer || sub.inflight) return;
    sub.timer = setTimeout(() => {
      sub.timer = undefined;
      this.drain(sub);
    }, this.opts.delayMs);
  }

  private drain(sub: Subscriber): void {
    const run = async (): Promise<void> => {
      while (sub.queue.length > 0) {
        const taken = sub.queue;
        sub.queue = [];
        const ordered = this.opts.reorder ? this.random.shuffle(taken) : taken;
        for (let i = 0; i < ordered.length; i += this.opts.maxBatchSize) {
          await this.deliverBatch(sub, ordered.slice(i, i + this.opts.maxBatchSize));
        }
      }
    };
    sub.inflight = run().finally(() => {
      sub.inflight = undefined;
      if (sub.queue.length > 0 && this.subscribers.has(sub.id)) this.schedule(sub);
    });
  }

  private async deliverBatch(sub: Subscriber, batch: Queued[]): Promise<void> {
    let lastError = '';
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      try {
        await sub.deliver(batch.map((q) => structuredClone(q.event)));
        for (const q of batch) this.counters.count(q.principalId, 'eventsDelivered');
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (attempt < this.opts.maxAttempts) await sleep(this.opts.retryDelayMs);
      }
    }
    for (const q of batch) {
      this.counters.count(q.principalId, 'deadLettered');
      this.dead.push({
        subscription: sub.id,
        event: structuredClone(q.event),
        attempts: this.opts.maxAttempts,
        reason: lastError,
      });
    }
  }
}
