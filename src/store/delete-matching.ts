import type { TableClient } from '@azure/data-tables';
import { statusOf } from './errors';

/**
 * Deletes every entity the filter matches and counts what this call deleted. An entity another
 * instance deleted first (404) is not an error: pruning runs on every instance.
 */
export async function deleteMatching(table: TableClient, filter: string): Promise<number> {
  let removed = 0;
  const select = ['PartitionKey', 'RowKey'];
  for await (const entity of table.listEntities({ queryOptions: { filter, select } })) {
    try {
      await table.deleteEntity(entity.partitionKey ?? '', entity.rowKey ?? '');
      removed += 1;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  return removed;
}
