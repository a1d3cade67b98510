import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline';
import { AzureError } from './errors';

/**
 * Longest time one client call may take, retries and waits included: well under the event
 * lease (5 min) and the function timeout (10 min), so a struggling Azure gives the delivery
 * back to Event Grid instead of holding the invocation.
 */
export const REQUEST_BUDGET_MS = 60_000;

export const TIME_BUDGET_START_POLICY = 'wardTimeBudgetStart';
export const TIME_BUDGET_CHECK_POLICY = 'wardTimeBudgetCheck';

export function budgetSpentError(what: string, budgetMs: number, elapsedMs: number): AzureError {
  return new AzureError(
    'retry-budget-spent',
    `${what} used ${Math.round(elapsedMs)} ms of its ${budgetMs} ms budget; the delivery is retried later`,
    { retryable: true },
  );
}

/**
 * A pair of policies: the first (per call, outside the retry loop) notes when the call began;
 * the second (per retry, inside it) refuses a try once the budget is spent and bounds each try
 * by what is left of it.
 */
export function timeBudgetPolicies(
  budgetMs: number = REQUEST_BUDGET_MS,
  now: () => number = Date.now,
): { start: PipelinePolicy; check: PipelinePolicy } {
  const started = new WeakMap<PipelineRequest, number>();
  return {
    start: {
      name: TIME_BUDGET_START_POLICY,
      sendRequest(request, next) {
        started.set(request, now());
        return next(request);
      },
    },
    check: {
      name: TIME_BUDGET_CHECK_POLICY,
      sendRequest(request, next) {
        const begin = started.get(request) ?? now();
        const elapsed = now() - begin;
        if (elapsed >= budgetMs) {
          const what = `${request.method} ${new URL(request.url).pathname}`;
          return Promise.reject(budgetSpentError(what, budgetMs, elapsed));
        }
        const left = budgetMs - elapsed;
        if (request.timeout === 0 || request.timeout > left) request.timeout = left;
        return next(request);
      },
    },
  };
}
