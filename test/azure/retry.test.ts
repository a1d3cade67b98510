import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { AzureError } from '../../src/azure/errors';
import {
  MAX_RETRY_AFTER_MS,
  RETRY_OPTIONS,
  retryAfterCapPolicy,
  retryAfterMs,
} from '../../src/azure/retry';

function response(status: number, headers: Record<string, string>): PipelineResponse {
  const request = createPipelineRequest({
    url: 'https://management.azure.com/subscriptions/s1?api-version=1',
  });
  return { status, headers: createHttpHeaders(headers), request };
}

describe('retryAfterMs', () => {
  it('reads the three headers the SDK honours, only on 429 and 503', () => {
    expect(retryAfterMs(response(429, { 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(response(503, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(response(429, { 'x-ms-retry-after-ms': '1500' }))).toBe(1500);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(
      retryAfterMs(response(429, { 'retry-after': 'Mon, 23 Nov 2026 10:01:00 GMT' }), now),
    ).toBe(60_000);
    expect(retryAfterMs(response(500, { 'retry-after': '7' }))).toBeUndefined();
    expect(retryAfterMs(response(429, {}))).toBeUndefined();
  });
});

describe('retryAfterCapPolicy', () => {
  const send = (r: PipelineResponse) =>
    retryAfterCapPolicy(30_000).sendRequest(r.request, () => Promise.resolve(r));

  it('passes short waits back to the SDK retry policy', async () => {
    const short = response(429, { 'retry-after': '5' });
    await expect(send(short)).resolves.toBe(short);
  });

  it('turns a wait above the cap into a retryable coded error', async () => {
    const error: unknown = await send(response(429, { 'retry-after': '3600' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AzureError);
    expect(error).toMatchObject({ code: 'retry-after-too-long', retryable: true, statusCode: 429 });
    expect((error as Error).message).toContain('3600000 ms');
  });

  it('keeps the defaults inside an event handler budget', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(30_000);
    expect(RETRY_OPTIONS.maxRetries).toBe(3);
    expect(RETRY_OPTIONS.maxRetryDelayInMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
  });
});
