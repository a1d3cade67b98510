import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Time source for the buckets; tests pass a manual one. */
export interface ThrottleClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

/**
 * ARM's documented per-subscription limits (token bucket): reads 250 refilling 25/s; writes
 * and deletes 200 refilling 10/s.
 */
export const ARM_LIMITS: Readonly<Record<RequestKind, BucketLimits>> = {
  read: { capacity: 250, refillPerSecond: 25 },
  write: { capacity: 200, refillPerSecond: 10 },
};

export type RequestKind = 'read' | 'write';

/**
 * Resource Graph has its own quota, per user rather than per subscription: 15 queries in any
 * 5-second window. Its requests share one bucket of that size.
 */
export const RESOURCE_GRAPH_KEY = 'resource-graph';
export const RESOURCE_GRAPH_LIMITS: BucketLimits = { capacity: 15, refillPerSecond: 3 };

export const systemClock: ThrottleClock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

interface BucketState {
  /** Tokens left; negative while reservations wait for the refill. */
  tokens: number;
  updatedAt: number;
  /** Callers sleeping on a reservation. */
  queued: number;
  /** Requests let through whose response has not come back. */
  outstanding: number;
  /** Tokens taken away by the server's reports, in total: sleepers extend their wait by it. */
  penalty: number;
}

export interface ThrottleBucketsOptions {
  clock?: ThrottleClock;
  limits?: Record<RequestKind, BucketLimits>;
  resourceGraphLimits?: BucketLimits;
}

/**
 * Client-side token buckets keyed by subscription (and kind). A caller reserves a token at
 * once, letting the count go negative, and sleeps until its reservation is covered: concurrent
 * callers queue in arrival order without polling.
 *
 * The client's count alone is not enough: ARM's bucket starts refilling when the first request
 * arrives (later than the first reservation here), and other instances of the app spend the
 * same subscription's budget. So each response's `x-ms-ratelimit-remaining-subscription-*`
 * header lowers the count when ARM has less left than this side believed (see `observe`).
 */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, BucketState>();
  private readonly clock: ThrottleClock;
  private readonly limits: Readonly<Record<RequestKind, BucketLimits>>;
  private readonly graphLimits: BucketLimits;

  constructor(options: ThrottleBucketsOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.limits = options.limits ?? ARM_LIMITS;
    this.graphLimits = options.resourceGraphLimits ?? RESOURCE_GRAPH_LIMITS;
  }

  /**
   * Waits until a token for `kind` on `key` (a subscription id) is available, then takes it.
   * Each acquire must be paired with a `release` once the response is in.
   */
  async acquire(key: string, kind: RequestKind): Promise<void> {
    const { refillPerSecond } = this.limitsFor(key, kind);
    const bucket = this.refill(key, kind);
    bucket.tokens -= 1;
    if (bucket.tokens < 0) {
      bucket.queued += 1;
      let seen = bucket.penalty;
      let wait = Math.ceil((-bucket.tokens / refillPerSecond) * 1000);
      try {
        while (wait > 0) {
          await this.clock.sleep(wait);
          // The queue moved back by whatever the server reported meanwhile.
          const extra = bucket.penalty - seen;
          seen = bucket.penalty;
          wait = extra > 0 ? Math.ceil((extra / refillPerSecond) * 1000) : 0;
        }
      } finally {
        bucket.queued -= 1;
      }
    }
    bucket.outstanding += 1;
  }

  /** The response to an acquired request is in (or it failed). */
  release(key: string, kind: RequestKind): void {
    const bucket = this.refill(key, kind);
    bucket.outstanding = Math.max(0, bucket.outstanding - 1);
  }

  /**
   * The server's report of what is left, after one of this side's requests (still counted as
   * outstanding). Requests still on their way may spend more of it, so this side may send at
   * most `remaining - (outstanding - 1)` more before waiting on the refill.
   */
  observe(key: string, kind: RequestKind, remaining: number): void {
    if (!Number.isFinite(remaining)) return;
    const bucket = this.refill(key, kind);
    const serverAllows = remaining - Math.max(0, bucket.outstanding - 1);
    const clientAllows = bucket.tokens + bucket.queued;
    if (serverAllows < clientAllows) {
      const penalty = clientAllows - serverAllows;
      bucket.tokens -= penalty;
      bucket.penalty += penalty;
    }
  }

  /** Tokens left now (negative while reservations wait); for tests and metrics. */
  available(key: string, kind: RequestKind): number {
    return this.refill(key, kind).tokens;
  }

  private limitsFor(key: string, kind: RequestKind): BucketLimits {
    return key === RESOURCE_GRAPH_KEY ? this.graphLimits : this.limits[kind];
  }

  private refill(key: string, kind: RequestKind): BucketState {
    const { capacity, refillPerSecond } = this.limitsFor(key, kind);
    const now = this.clock.now();
    const id = `${key.toLowerCase()}|${kind}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now, queued: 0, outstanding: 0, penalty: 0 };
      this.buckets.set(id, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}

/** ARM's report of a subscription's remaining budget for the request's kind, if it sent one. */
export function remainingFromHeaders(
  headers: { get(name: string): string | undefined | null },
  kind: RequestKind,
): number | undefined {
  const names =
    kind === 'read'
      ? [
          'x-ms-ratelimit-remaining-subscription-reads',
          'x-ms-ratelimit-remaining-subscription-global-reads',
        ]
      : [
          'x-ms-ratelimit-remaining-subscription-writes',
          'x-ms-ratelimit-remaining-subscription-deletes',
          'x-ms-ratelimit-remaining-subscription-global-writes',
          'x-ms-ratelimit-remaining-subscription-global-deletes',
        ];
  let lowest: number | undefined;
  for (const name of names) {
    const value = Number.parseInt(headers.get(name) ?? '', 10);
    if (Number.isFinite(value)) lowest = lowest === undefined ? value : Math.min(lowest, value);
  }
  return lowest;
}

/** GET and HEAD spend read tokens; everything else (PUT, PATCH, POST, DELETE) spends write tokens. */
export function requestKind(method: string): RequestKind {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'read' : 'write';
}

/**
 * The bucket key for a request: Resource Graph's own quota, else the subscription in the URL
 * path, else the host (other tenant-level calls and Key Vault's data plane get a bucket each).
 */
export function throttleKey(url: string): string {
  const parsed = new URL(url);
  if (/^\/providers\/microsoft\.resourcegraph\//i.test(parsed.pathname)) return RESOURCE_GRAPH_KEY;
  const match = /\/subscriptions\/([^/?#]+)/i.exec(parsed.pathname);
  return match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : `host:${parsed.host}`;
}

export const THROTTLE_POLICY_NAME = 'wardThrottlePolicy';

/**
 * Waits for a token before each send. Added per retry, so a retried request spends a token too:
 * ward never spends more than ARM grants and so never causes a 429 by itself.
 */
export function throttlePolicy(buckets: ThrottleBuckets): PipelinePolicy {
  return {
    name: THROTTLE_POLICY_NAME,
    async sendRequest(request, next) {
      const key = throttleKey(request.url);
      const kind = requestKind(request.method);
      await buckets.acquire(key, kind);
      try {
        const response = await next(request);
        const remaining = remainingFromHeaders(response.headers, kind);
        if (remaining !== undefined) buckets.observe(key, kind, remaining);
        return response;
      } finally {
        buckets.release(key, kind);
      }
    },
  };
}
