import { randomBytes } from 'node:crypto';
import type { WardOptions, Ward } from './types';

export type { WardOptions, Ward, WardTables } from './types';
export type { UndoReport, UndoErrorCode } from './undo-types';
export { UndoError } from './undo-types';
export type { WardActivity, WardCounters, DropReason } from './activity';

/**
 * Builds a ward: Azure clients, table stores, notifier and outbox, and the use cases over them.
 * The one place that wires ward together; nothing here is shared between two wards.
 */
export function createWard(options: WardOptions): Promise<Ward> {
  void randomBytes;
  void options;
  return Promise.reject(new Error('createWard: not wired yet'));
}
