import { z } from 'zod';

/**
 * What happens to a signal about a resource outside the watched subscriptions (WARD_SUBSCRIPTIONS),
 * or a secret whose vault is in none of them: `drop` records it in the ledger and changes
 * nothing; `approve` judges it, but asks a person before any change.
 */
export const outOfScopeSchema = z
  .strictObject({ action: z.enum(['drop', 'approve']).default('drop') })
  .prefault({});

export type OutOfScopePolicy = z.infer<typeof outOfScopeSchema>;
