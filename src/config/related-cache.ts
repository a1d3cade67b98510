import { z } from 'zod';

/**
 * The cache of related data a payload never holds (diagnostic settings), judged beside an
 * Azure Resource Notifications payload instead of an ARM read. Entries are replaced by every
 * fresh read (a subscription-topic event for a diagnostic setting, the sweep) and run out after
 * `ttlMinutes`. Writes never rely on it: each write re-reads first.
 */
export const relatedCacheSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    /** How long a cached read is judged from before it is read again. */
    ttlMinutes: z.int().positive().max(1440).default(60),
  })
  .prefault({});

export type RelatedCacheSettings = z.infer<typeof relatedCacheSchema>;
