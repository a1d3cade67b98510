export type ApprovalErrorCode =
  'not-found' | 'already-decided' | 'expired' | 'invalid-entity' | 'too-large' | 'conflict';

/** A failure a person acting on an approval is shown (by code) and the ledger records. */
export class ApprovalError extends Error {
  override readonly name = 'ApprovalError';
  constructor(
    readonly code: ApprovalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
