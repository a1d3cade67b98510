/** Codes for failures in ward's Azure client layer. */
export type AzureErrorCode =
  | 'unknown-resource-type'
  | 'invalid-resource-id'
  | 'retry-after-too-long'
  /** One call's time budget (retries and waits included) ran out: the delivery is retried later. */
  | 'retry-budget-spent'
  | 'read-failed'
  | 'not-authorized'
  /** A secret's vault is in no watched subscription: ward cannot read the secret through ARM. */
  | 'vault-not-found';

/**
 * A failure talking to Azure. `retryable` tells the trigger whether to rethrow so the platform
 * (Event Grid, the timer) tries again later.
 */
export class AzureError extends Error {
  override readonly name = 'AzureError';
  readonly code: AzureErrorCode;
  readonly retryable: boolean;
  readonly statusCode: number | undefined;

  constructor(
    code: AzureErrorCode,
    message: string,
    options: { retryable: boolean; statusCode?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable;
    this.statusCode = options.statusCode;
  }
}
