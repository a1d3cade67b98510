import type { NotifyLogger } from './logger';
import { createRedactor } from './redact';
import type { TeamsMessage } from './types';

export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface TeamsNotifierOptions {
  /** The workflow's trigger URL: a secret (it carries a SAS signature), never logged. */
  webhookUrl: string;
  fetch?: typeof globalThis.fetch;
  retry?: Partial<RetryOptions>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger: NotifyLogger;
  /** Per attempt. */
  timeoutMs?: number;
}

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status, absent when the last attempt got no response. */
  status?: number;
  /** Why delivery stopped, when it failed. */
  error?: string;
}

export interface TeamsNotifier {
  post(message: TeamsMessage): Promise<DeliveryResult>;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Posts to a Teams Workflows webhook. 429 (honouring Retry-After), 5xx and network errors are
 * retried with exponential backoff and full jitter; any other 4xx is final. When the server
 * asks for a longer wait than `maxDelayMs`, the post gives up and the outbox retries later.
 */
export function createTeamsNotifier(options: TeamsNotifierOptions): TeamsNotifier {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const redactor = createRedactor([options.webhookUrl]);
  const { logger } = options;

  const backoff = (attempt: number): number =>
    Math.floor(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));

  return {
    async post(message) {
      const body = JSON.stringify(message);
      let status: number | undefined;
      let error: string | undefined;
      for (let attempt = 1; attempt <= retry.attempts; attempt++) {
        let wait: number;
        try {
          const response = await fetchImpl(options.webhookUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = response.status;
          // The body is not needed; reading it frees the connection.
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) {
            logger.info({ attempts: attempt, status }, 'teams message delivered');
            return { delivered: true, attempts: attempt, status };
          }
          if (status !== 429 && status < 500) {
            error = `Teams answered ${status}`;
            logger.error({ attempts: attempt, status }, 'teams message rejected; not retried');
            return { delivered: false, attempts: attempt, status, error };
          }
          error = `Teams answered ${status}`;
          const retryAfter =
            status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
          if (retryAfter !== undefined && retryAfter > retry.maxDelayMs) {
            logger.warn(
              { attempts: attempt, status, retryAfterMs: retryAfter },
              'teams asks for a long wait; left for redelivery',
            );
            return { delivered: false, attempts: attempt, status, error };
          }
          wait = Math.max(retryAfter ?? 0, backoff(attempt));
        } catch (caught) {
          status = undefined;
          error = redactor.string(caught instanceof Error ? describe(caught) : String(caught));
          wait = backoff(attempt);
        }
        if (attempt < retry.attempts) {
          logger.warn({ attempt, status, error, waitMs: wait }, 'teams post failed; retrying');
          await sleep(wait);
        }
      }
      logger.error({ attempts: retry.attempts, status, error }, 'teams message not delivered');
      const result: DeliveryResult = { delivered: false, attempts: retry.attempts };
      if (status !== undefined) result.status = status;
      if (error !== undefined) result.error = error;
      return result;
    },
  };
}

/** Retry-After is seconds or an HTTP date; answers milliseconds. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

function describe(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
