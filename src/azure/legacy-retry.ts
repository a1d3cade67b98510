import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { AzureError } from './errors';
import type { RETRY_OPTIONS } from './retry';
import { retryAfterMs } from './retry';
import { budgetSpentError } from './time-budget';

type GraphOptions = NonNullable<ConstructorParameters<typeof ResourceGraphClient>[1]>;
export type LegacyFactory = Extract<
  NonNullable<GraphOptions['requestPolicyFactories']>,
  unknown[]
>[number];

const SYSTEM_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
]);

function retriableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

function systemError(error: unknown): boolean {
  const code =
    error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && SYSTEM_ERRORS.has(code);
}

export interface LegacyRetrySettings {
  retry: typeof RETRY_OPTIONS;
  maxRetryAfterMs: number;
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const timer = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * ward's retry policy for the clients on the older ms-rest-js pipeline (Resource Graph), in
 * place of that pipeline's defaults (30 s base, up to 90 s between tries): the same retry
 * count, base delay and cap as every other client, a server's Retry-After honoured up to the
 * cap, and the call's total time bounded by the budget.
 */
export function legacyRetryFactory(settings: LegacyRetrySettings): LegacyFactory {
  const sleep = settings.sleep ?? timer;
  const now = settings.now ?? Date.now;
  const { maxRetries, retryDelayInMs, maxRetryDelayInMs } = settings.retry;
  return {
    create(nextPolicy) {
      return {
        async sendRequest(request) {
          const began = now();
          const what = `${request.method} ${new URL(request.url).pathname}`;
          for (let attempt = 0; ; attempt += 1) {
            let wait: number;
            try {
              const response = await nextPolicy.sendRequest(request.clone());
              if (!retriableStatus(response.status) || attempt >= maxRetries) return response;
              const asked = retryAfterMs({
                status: response.status,
                headers: { get: (name) => response.headers.get(name) },
              });
              if (asked !== undefined && asked > settings.maxRetryAfterMs) {
                throw new AzureError(
                  'retry-after-too-long',
                  `${what} answered ${response.status} asking to wait ${Math.round(asked)} ms (cap ${settings.maxRetryAfterMs} ms)`,
                  { retryable: true, statusCode: response.status },
                );
              }
              wait = asked ?? Math.min(maxRetryDelayInMs, retryDelayInMs * 2 ** attempt);
            } catch (error) {
              if (!systemError(error) || attempt >= maxRetries) throw error;
              wait = Math.min(maxRetryDelayInMs, retryDelayInMs * 2 ** attempt);
            }
            const elapsed = now() - began;
            if (elapsed + wait >= settings.budgetMs) {
              throw budgetSpentError(what, settings.budgetMs, elapsed + wait);
            }
            await sleep(wait);
          }
        },
      };
    },
  };
}
