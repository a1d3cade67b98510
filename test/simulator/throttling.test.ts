import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorCredential, simulatorClientOptions, startSimulator } from '../../src/simulator';
import type { Simulator } from '../../src/simulator';
import { IDS, SUB, TENANT, smallSeed } from './support/small-seed';

// The buckets refill in real time. Where a test counts exact budgets, the refill is slow enough
// (one token per 100 s) that a loaded machine cannot refill a token between requests; the SDK
// retry test needs a refill it can wait out, so it gets a simulator of its own.
let sim: Simulator;
let refilling: Simulator;

beforeAll(async () => {
  [sim, refilling] = await Promise.all([
    startSimulator({
      seed: smallSeed(),
      throttle: {
        reads: { capacity: 5, refillPerSecond: 0.01 },
        writes: { capacity: 3, refillPerSecond: 0.01 },
      },
      lro: { polls: 0, retryAfterSeconds: 0 },
    }),
    startSimulator({
      seed: smallSeed(),
      throttle: { reads: { capacity: 5, refillPerSecond: 1 } },
      lro: { polls: 0, retryAfterSeconds: 0 },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.stop(), refilling.stop()]);
});

function client(
  oid: string,
  options: { maxRetries?: number; simulator?: Simulator } = {},
): ResourceManagementClient {
  const { maxRetries, simulator = sim } = options;
  return new ResourceManagementClient(new SimulatorCredential({ oid, tid: TENANT }), SUB, {
    ...simulatorClientOptions(simulator),
    ...(maxRetries === undefined ? {} : { retryOptions: { maxRetries } }),
  });
}

describe('ARM throttling per subscription and principal', () => {
  it('answers 429 with Retry-After past the read bucket, and reports the remaining budget', async () => {
    const noRetry = client('11111111-1111-4111-8111-111111111111', { maxRetries: 0 });
    const url = `${sim.armUrl}${IDS.vault}?api-version=2025-05-01`;
    const responses = [];
    for (let i = 0; i < 7; i++) {
      responses.push(await noRetry.sendRequest(createPipelineRequest({ url })));
    }
    const statuses = responses.map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const remaining = responses
      .slice(0, 5)
      .map((r) => Number(r.headers.get('x-ms-ratelimit-remaining-subscription-reads')));
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const throttled = responses.find((r) => r.status === 429);
    expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(throttled?.bodyAsText ?? '{}')).toMatchObject({
      error: { code: 'TooManyRequests' },
    });
    const other = client('22222222-2222-4222-8222-222222222222', { maxRetries: 0 });
    expect((await other.sendRequest(createPipelineRequest({ url }))).status).toBe(200);
    const snapshot = sim.counters.snapshot();
    expect(snapshot.byPrincipal['11111111-1111-4111-8111-111111111111']?.throttled).toBeGreaterThan(
      0,
    );
    expect(snapshot.byPrincipal['22222222-2222-4222-8222-222222222222']?.throttled).toBe(0);
  });

  it('lets the SDK retry policy wait out Retry-After and succeed', async () => {
    const sdk = client('33333333-3333-4333-8333-333333333333', { simulator: refilling });
    const reads = await Promise.all(
      Array.from({ length: 8 }, () => sdk.resources.getById(IDS.workspace, '2025-12-01')),
    );
    expect(reads.every((r) => r.name === 'ws1')).toBe(true);
    const mine = refilling.counters.snapshot().byPrincipal['33333333-3333-4333-8333-333333333333'];
    expect(mine?.throttled).toBeGreaterThan(0);
    expect(mine?.reads).toBe(8);
  });

  it('throttles writes in their own bucket and reports writes remaining', async () => {
    const noRetry = client('44444444-4444-4444-8444-444444444444', { maxRetries: 0 });
    const statuses: number[] = [];
    let remaining: string | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await noRetry.sendRequest(
        createPipelineRequest({
          url: `${sim.armUrl}${IDS.storage}?api-version=2025-08-01`,
          method: 'PATCH',
          body: JSON.stringify({ tags: { n: String(i) } }),
        }),
      );
      statuses.push(r.status);
      remaining ??= r.headers.get('x-ms-ratelimit-remaining-subscription-writes');
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toBe('2');
  });
});
