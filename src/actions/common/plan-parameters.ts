import type { z } from 'zod';
import { ActionError } from '../errors';
import type { ActionPlan } from '../types';

/**
 * A stored plan's parameters, parsed: a plan may come back from storage long after it was made
 * (an approval), so its parameters are checked before anything is written with them.
 */
export function planParameters<S extends z.ZodType>(plan: ActionPlan, schema: S): z.infer<S> {
  const parsed = schema.safeParse(plan.parameters);
  if (!parsed.success) {
    throw new ActionError(
      'invalid-plan',
      `The plan's parameters are incomplete: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
