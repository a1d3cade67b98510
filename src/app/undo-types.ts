import type { PropertyChange } from '../actions/types';

/**
 * - `undo-not-found`: no ledger entry has this id.
 * - `undo-not-an-action`: the entry is not a remediation that succeeded (a decision, a failed
 *   change, an undo itself).
 * - `undo-already-undone`: a later entry already undid it.
 * - `undo-record-incomplete`: the entry lacks the plan (truncated or written by another version).
 * - `undo-not-reversible`: the action cannot be undone (e.g. purge protection).
 * - `undo-resource-gone`: the resource no longer exists.
 * - `undo-state-changed`: the resource no longer holds the values ward left; undoing would
 *   overwrite someone else's change.
 * - `undo-failed`: the revert write failed.
 * - `undo-verify-failed`: the revert was sent but a re-read does not show the values before.
 */
export type UndoErrorCode =
  | 'undo-not-found'
  | 'undo-not-an-action'
  | 'undo-already-undone'
  | 'undo-record-incomplete'
  | 'undo-not-reversible'
  | 'undo-resource-gone'
  | 'undo-state-changed'
  | 'undo-failed'
  | 'undo-verify-failed';

export class UndoError extends Error {
  override readonly name = 'UndoError';
  constructor(
    readonly code: UndoErrorCode,
    message: string,
    /** The ledger entry recording the failed attempt, when one was written. */
    readonly ledgerId?: string,
  ) {
    super(message);
  }
}

/** What `undo` did. */
export interface UndoReport {
  /** The new ledger entry recording the undo. */
  ledgerId: string;
  /** The remediation entry that was undone. */
  undoneId: string;
  resourceId: string;
  actionId: string;
  /** The values restored: `after` is what the resource holds now, `before` what ward had set. */
  restored: PropertyChange[];
  /** The exemption that keeps ward from applying the fix again, when one was recorded. */
  exemption?: { id: string; expires: string };
}
