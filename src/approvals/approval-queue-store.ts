import { odata, type TableClient } from '@azure/data-tables';
import { APPROVAL_PARTITION, approvalFromEntity } from './approval-store';
import { statusOf } from '../store/errors';
import type { Approval } from './types';

/** Approvals read for the queue, and whether more were left unread (`limit` reached). */
export interface ApprovalScan {
  approvals: Approval[];
  truncated: boolean;
}

/**
 * Reads the approvals queue from the approvals table. Tables cannot sort or look into the
 * stored JSON (severity, subscription), so the query narrows what the table can (status,
 * expiry, decision time) and the caller filters, sorts and pages the rest; `limit` bounds
 * what one request reads.
 */
export interface ApprovalQueueReader {
  /** Pending approvals not yet past their expiry, optionally of one rule and requested in a window. */
  pending(now: Date, limit: number, narrow?: PendingNarrowing): Promise<ApprovalScan>;
  /** Approvals approved or rejected at or after `since`. */
  decidedSince(since: Date, limit: number): Promise<ApprovalScan>;
}

/** What the table itself can narrow the pending approvals by (columns of the entity). */
export interface PendingNarrowing {
  ruleId?: string | undefined;
  /** ISO times bounding `createdAt`. */
  createdAtOrBefore?: string | undefined;
  createdAtOrAfter?: string | undefined;
}

async function scan(table: TableClient, filter: string, limit: number): Promise<ApprovalScan> {
  const approvals: Approval[] = [];
  try {
    for await (const entity of table.listEntities({ queryOptions: { filter } })) {
      if (approvals.length >= limit) return { approvals, truncated: true };
      approvals.push(approvalFromEntity(entity));
    }
  } catch (error) {
    // A table that was never written (no approval requested yet) holds an empty queue.
    if (statusOf(error) === 404) return { approvals, truncated: false };
    throw error;
  }
  return { approvals, truncated: false };
}
export function createApprovalQueueReader(table: TableClient): ApprovalQueueReader {
  return {
    pending: (now, limit, narrow = {}) => {
      const clauses = [
        odata`PartitionKey eq ${APPROVAL_PARTITION} and status eq 'pending' and expiresAt gt ${now.toISOString()}`,
      ];
      if (narrow.ruleId !== undefined) clauses.push(odata`ruleId eq ${narrow.ruleId}`);
      if (narrow.createdAtOrBefore !== undefined)
        clauses.push(odata`createdAt le ${narrow.createdAtOrBefore}`);
      if (narrow.createdAtOrAfter !== undefined)
        clauses.push(odata`createdAt ge ${narrow.createdAtOrAfter}`);
      return scan(table, clauses.join(' and '), limit);
    },
    decidedSince: (since, limit) =>
      scan(
        table,
        odata`PartitionKey eq ${APPROVAL_PARTITION} and (status eq 'approved' or status eq 'rejected') and decidedAt ge ${since.toISOString()}`,
        limit,
      ),
  };
}
