/**
 * - `signal-failed`: a signal could not be handled (the cause says why); `retryable` tells the
 *   trigger whether Event Grid should deliver it again.
 */
export type WardErrorCode = 'signal-failed';

export class WardError extends Error {
  override readonly name = 'WardError';
  constructor(
    readonly code: WardErrorCode,
    message: string,
    readonly retryable: boolean,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
