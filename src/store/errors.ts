export type StoreErrorCode =
  | 'AZURITE_START_FAILED'
  /** An etag-guarded write kept losing to concurrent writers. */
  | 'STORE_CONFLICT'
  /** An entity read back does not have the shape ward wrote. */
  | 'STORE_INVALID_ENTITY'
  | 'STORE_NOT_FOUND'
  /** The ledger never overwrites: an entry with this id exists. */
  | 'LEDGER_DUPLICATE_ID'
  | 'STORE_INVALID_INPUT';

/** A failure of ward's own state (Tables) with a code the CLI and logs can show. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The HTTP status of an Azure SDK RestError, without importing the SDK's error class. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const status = error.statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}
