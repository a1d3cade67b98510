import type { DigestItem } from '../notify/digest/digest-item';
import type { WardContext } from './context';
import { errorText } from './errors';

const BATCH = 100;

/**
 * Gathers a sweep's digest items and writes them to the queue a table batch at a time. A batch
 * that cannot be written is logged: its findings are in the ledger and the next sweep finds them.
 */
export function createItemQueue(
  ctx: Pick<WardContext, 'digest'>,
  log: Pick<WardContext['logger'], 'error'>,
): { add(items: readonly DigestItem[]): Promise<void>; drain(): Promise<void> } {
  let pending: DigestItem[] = [];
  const write = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    try {
      await ctx.digest.add(batch);
    } catch (error) {
      log.error({ items: batch.length, error: errorText(error) }, 'digest items not queued');
    }
  };
  return {
    async add(items) {
      pending.push(...items);
      if (pending.length >= BATCH) await write();
    },
    async drain() {
      if (pending.length > 0) await write();
    },
  };
}
