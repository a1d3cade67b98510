/** Codes for failures while changing a resource. */
export type ActionErrorCode =
  /** Azure refused or failed the write (the status and ARM's error say why). */
  | 'write-failed'
  /** The resource changed since the plan (412 on If-Match, or a changed etag on re-read). */
  | 'precondition-failed'
  /** A long-running operation ended Failed or Canceled, or did not finish in time. */
  | 'operation-failed'
  /** The plan lacks what the action needs (a stored plan edited by hand, or from another version). */
  | 'invalid-plan'
  /** The action cannot undo this change. */
  | 'revert-unsupported'
  /**
   * The resource's network refuses ward (Key Vault's firewall: 403 ForbiddenByFirewall). Sending
   * the write again from the same network cannot help: people must open a way in.
   */
  | 'network-refused';

export class ActionError extends Error {
  override readonly name = 'ActionError';
  readonly code: ActionErrorCode;
  readonly statusCode: number | undefined;

  constructor(
    code: ActionErrorCode,
    message: string,
    options: { statusCode?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.statusCode = options.statusCode;
  }
}
