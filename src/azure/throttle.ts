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

export const systemClock: ThrottleClock = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

interface BucketState {
  tokens: number;
  updatedAt: number;
}

/**
 * Client-side token buckets keyed by subscription (and kind). A caller reserves a token at
 * once, letting the count go negative, and sleeps until its reservation is covered: concurrent
 * callers queue in arrival order without polling.
 */
export class ThrottleBuckets {
  private readonly buckets = new Map<string, BucketState>();
  private readonly clock: ThrottleClock;
  private readonly limits: Readonly<Record<RequestKind, BucketLimits>>;

  constructor(options: { clock?: ThrottleClock; limits?: Record<RequestKind, BucketLimits> } = {}) {
    this.clock = options.clock ?? systemClock;
    this.limits = options.limits ?? ARM_LIMITS;
  }

  /** Waits until a token for `kind` on `key` (a subscription id) is available, then takes it. */
  async acquire(key: string, kind: RequestKind): Promise<void> {
    const wait = this.reserve(key, kind);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Tokens left now (may be negative while reservations wait); for tests and metrics. */
  available(key: string, kind: RequestKind): number {
    return this.refill(key, kind).tokens;
  }

  private reserve(key: string, kind: RequestKind): number {
    const bucket = this.refill(key, kind);
    bucket.tokens -= 1;
    if (bucket.tokens >= 0) return 0;
    return Math.ceil((-bucket.tokens / this.limits[kind].refillPerSecond) * 1000);
  }

  private refill(key: string, kind: RequestKind): BucketState {
    const { capacity, refillPerSecond } = this.limits[kind];
    const now = this.clock.now();
    const id = `${key.toLowerCase()}|${kind}`;
    let bucket = this.buckets.get(id);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now };
      this.buckets.set(id, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}

/** GET and HEAD spend read tokens; everything else (PUT, PATCH, POST, DELETE) spends write tokens. */
export function requestKind(method: string): RequestKind {
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' ? 'read' : 'write';
}

/**
 * The bucket key for a request: the subscription in the URL path, else the host (tenant-level
 * calls such as Resource Graph, and Key Vault's data plane, get a bucket of their own).
 */
export function throttleKey(url: string): string {
  const parsed = new URL(url);
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
      await buckets.acquire(throttleKey(request.url), requestKind(request.method));
      return next(request);
    },
  };
}
