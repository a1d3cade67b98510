import { z } from 'zod';
import { statusOf } from '../store/errors';
import type { TableStore } from '../store';

/** The approval last requested for a finding, so a repeated event or sweep does not ask twice. */
export interface ApprovalIndexEntry {
  approvalId: string;
  planHash: string;
}

export interface ApprovalIndex {
  get(fingerprint: string): Promise<ApprovalIndexEntry | undefined>;
  set(fingerprint: string, entry: ApprovalIndexEntry): Promise<void>;
}

export const APPROVAL_INDEX_TABLE = 'WardApprovalIndex';
const ROW = 'latest';
const entitySchema = z.object({ approvalId: z.string(), planHash: z.string() });

export function createApprovalIndex(tables: TableStore): ApprovalIndex {
  return {
    async get(fingerprint) {
      const table = await tables.table(APPROVAL_INDEX_TABLE);
      try {
        const parsed = entitySchema.safeParse(await table.getEntity(fingerprint, ROW));
        return parsed.success ? parsed.data : undefined;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async set(fingerprint, entry) {
      const table = await tables.table(APPROVAL_INDEX_TABLE);
      await table.upsertEntity({ partitionKey: fingerprint, rowKey: ROW, ...entry }, 'Replace');
    },
  };
}
