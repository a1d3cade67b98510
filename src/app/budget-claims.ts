import { opaqueKey } from '../store/keys';
import { deleteMatching, statusOf } from '../store';
import type { TableStore } from '../store';

/**
 * Changes already counted against the change budget, one row per finding fingerprint and
 * event id, so a change Event Grid delivers again after an interruption is counted once.
 */
export interface BudgetClaims {
  has(fingerprint: string, eventId: string): Promise<boolean>;
  record(fingerprint: string, eventId: string, now: Date): Promise<void>;
  /** Deletes claims recorded before `before`; answers how many went. */
  prune(before: Date): Promise<number>;
}

export const BUDGET_CLAIMS_TABLE = 'WardBudgetClaims';

export function createBudgetClaims(tables: TableStore): BudgetClaims {
  const table = () => tables.table(BUDGET_CLAIMS_TABLE);
  return {
    async has(fingerprint, eventId) {
      try {
        await (await table()).getEntity(opaqueKey(fingerprint), opaqueKey(eventId));
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
    async record(fingerprint, eventId, now) {
      await (
        await table()
      ).upsertEntity(
        {
          partitionKey: opaqueKey(fingerprint),
          rowKey: opaqueKey(eventId),
          claimedAt: now.toISOString(),
        },
        'Replace',
      );
    },
    async prune(before) {
      const client = await table();
      const filter = `claimedAt lt '${before.toISOString()}'`;
      return deleteMatching(client, filter);
    },
  };
}
