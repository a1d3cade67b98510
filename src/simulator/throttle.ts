import type { OperationKind } from './http';

export interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

export interface ThrottleOptions {
  enabled?: boolean;
  reads?: BucketLimits;
  writes?: BucketLimits;
  deletes?: BucketLimits;
}

/** ARM's documented limits per subscription and principal. */
export const ARM_THROTTLE_LIMITS = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
} as const satisfies Record<string, BucketLimits>;

type BucketName = 'reads' | 'writes' | 'deletes';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export interface ThrottleDecision {
  allowed: boolean;
  /** Header name ARM reports the remaining budget in, and its value after this call. */
  header: string;
  remaining: number;
  /** Whole seconds until one token is back, when refused. */
  retryAfterSeconds: number;
}

function bucketFor(kind: OperationKind): BucketName {
  switch (kind) {
    case 'read':
      return 'reads';
    case 'delete':
      return 'deletes';
    case 'write':
    case 'action':
      return 'writes';
  }
}

/**
 * ARM's token-bucket throttling: one bucket per subscription, principal and kind (reads, writes
 * — POST actions count as writes — and deletes), refilled continuously in real time.
 */
export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly enabled: boolean;
  private readonly limits: Record<BucketName, BucketLimits>;
  private readonly nowMs: () => number;

  constructor(options: ThrottleOptions = {}, nowMs: () => number = () => performance.now()) {
    this.enabled = options.enabled ?? true;
    this.limits = {
      reads: options.reads ?? ARM_THROTTLE_LIMITS.reads,
      writes: options.writes ?? ARM_THROTTLE_LIMITS.writes,
      deletes: options.deletes ?? ARM_THROTTLE_LIMITS.deletes,
    };
    for (const [name, limit] of Object.entries(this.limits)) {
      if (!(limit.capacity >= 1) || !(limit.refillPerSecond > 0)) {
        throw new RangeError(`throttle.${name} needs capacity >= 1 and refillPerSecond > 0`);
      }
    }
    this.nowMs = nowMs;
  }

  take(subscriptionId: string, principalId: string, kind: OperationKind): ThrottleDecision {
    const name = bucketFor(kind);
    const limit = this.limits[name];
    const header = `x-ms-ratelimit-remaining-subscription-${name}`;
    const key = `${subscriptionId.toLowerCase()}|${principalId}|${name}`;
    const now = this.nowMs();
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, updatedMs: now };
    bucket.tokens = Math.min(
      limit.capacity,
      bucket.tokens + ((now - bucket.updatedMs) / 1000) * limit.refillPerSecond,
    );
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (!this.enabled) {
      return { allowed: true, header, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, header, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.refillPerSecond));
    return { allowed: false, header, remaining: 0, retryAfterSeconds };
  }

  reset(): void {
    this.buckets.clear();
  }
}
