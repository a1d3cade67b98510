/** Node's socket errors that mean the request may never have arrived (or its answer was lost). */
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'REQUEST_SEND_ERROR',
]);

function field(error: unknown, name: string): unknown {
  return error !== null && typeof error === 'object' && name in error
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

/**
 * Whether a failed write may succeed when sent again: throttled (429), a server error (5xx), a
 * timeout (408), a reset connection, or an error ward itself marked retryable (a Retry-After
 * above the cap). A refusal (4xx) is permanent: sending it again gets the same answer.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause !== undefined && depth < 5; depth += 1) {
    const status = field(cause, 'statusCode') ?? field(cause, 'status');
    if (typeof status === 'number') {
      return (
        status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505)
      );
    }
    const code = field(cause, 'code');
    if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
    if (field(cause, 'retryable') === true) return true;
    cause = field(cause, 'cause');
  }
  return false;
}
