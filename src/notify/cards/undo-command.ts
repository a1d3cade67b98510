/** The command people run to undo a remediation, for a ledger id; shown on cards and pages. */
export type UndoCommand = (ledgerId: string) => string;

/** The CLI's own form. A deployment or the demo can say more (e.g. `--simulator`). */
export const wardUndoCommand: UndoCommand = (ledgerId) => `ward undo ${ledgerId}`;
