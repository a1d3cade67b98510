import type {
  PipelinePolicy,
  PipelineResponse,
  PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import { AzureError } from './errors';

/**
 * Retry settings every client gets. The SDK's default retry policy (core-rest-pipeline
 * `defaultRetryPolicy`) already runs two strategies in order:
 * - throttling: on 429 or 503 with `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After`
 *   (seconds or an HTTP date), wait exactly that long and retry;
 * - exponential: on 408 and 5xx (but 501/505) and on ECONNRESET/ETIMEDOUT-style errors, wait
 *   `retryDelayInMs * 2^attempt` with jitter, capped at `maxRetryDelayInMs`.
 * The counts are set explicitly here rather than left to the SDK's defaults (3 retries, 1 s,
 * 64 s): an event handler must finish well inside the Functions timeout, and Event Grid retries
 * the whole delivery later anyway.
 */
export const RETRY_OPTIONS: Required<
  Pick<PipelineRetryOptions, 'maxRetries' | 'retryDelayInMs' | 'maxRetryDelayInMs'>
> = {
  maxRetries: 3,
  retryDelayInMs: 800,
  maxRetryDelayInMs: 10_000,
};

/**
 * What the SDK lacks: its throttling strategy waits for whatever `Retry-After` says, uncapped
 * (`maxRetryDelayInMs` applies to the exponential strategy only). A longer wait than this is
 * turned into a retryable error so the trigger gives the delivery back to Event Grid instead
 * of holding a worker.
 */
export const MAX_RETRY_AFTER_MS = 30_000;

export const RETRY_AFTER_CAP_POLICY_NAME = 'wardRetryAfterCapPolicy';

/** Milliseconds a 429/503 response asks the caller to wait, as the SDK's strategy reads it. */
export function retryAfterMs(
  response: Pick<PipelineResponse, 'status'> & {
    headers: { get(name: string): string | undefined | null };
  },
  now: number = Date.now(),
): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = Number.parseFloat(response.headers.get(header) ?? '');
    if (Number.isFinite(value)) return value;
  }
  const retryAfter = response.headers.get('retry-after');
  if (!retryAfter) return undefined;
  const seconds = Number.parseFloat(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Placed per retry (inside the retry loop). Throws a non-RestError, which the SDK's retry
 * policy rethrows without retrying, when the server asks for a wait above the cap.
 */
export function retryAfterCapPolicy(maxMs: number = MAX_RETRY_AFTER_MS): PipelinePolicy {
  return {
    name: RETRY_AFTER_CAP_POLICY_NAME,
    async sendRequest(request, next) {
      const response = await next(request);
      const wait = retryAfterMs(response);
      if (wait !== undefined && wait > maxMs) {
        throw new AzureError(
          'retry-after-too-long',
          `${request.method} ${new URL(request.url).pathname} answered ${response.status} asking to wait ${Math.round(wait)} ms (cap ${maxMs} ms)`,
          { retryable: true, statusCode: response.status },
        );
      }
      return response;
    },
  };
}
