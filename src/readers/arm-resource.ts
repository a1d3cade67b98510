import { z } from 'zod';
import { armBodyOptionalMembers } from '../engine/arm-body';
import type { ArmResource } from '../domain';
import { AzureError } from '../azure/errors';

/**
 * The ARM envelope every body must have; the rest is kept as the provider sent it. Optional
 * members may be absent or null (ML workspaces answer `"etag": null`, computes `"tags": null`).
 */
const envelopeSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  type: z.string().min(1),
  ...armBodyOptionalMembers,
});

/** Checks a GET body is an ARM resource; a provider answering otherwise is not retried. */
export function parseArmResource(value: unknown, what: string): ArmResource {
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new AzureError('read-failed', `${what} is not an ARM resource body: ${problems}`, {
      retryable: false,
    });
  }
  return parsed.data;
}
