import { z } from 'zod';
import { RULE_IDS, SEVERITIES } from '../domain';

/**
 * Whether a resource's own `ward-exempt` / `ward-exempt-until` tags may exempt it, and how far.
 * Whoever makes an insecure change can also tag the resource, so tags exempt nothing unless the
 * policy opts in, never a severity it does not list (high and critical are left out by default:
 * an approver's exemption record is the way for those), and never for longer than `maxDays`.
 */
export const tagExemptionsSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    severities: z.array(z.enum(SEVERITIES)).default(['medium', 'low', 'informational']),
    /** When set, only these rules may be exempted by tag (still within `severities`). */
    rules: z
      .array(
        z.enum(RULE_IDS, {
          error: (issue) => `unknown rule id ${JSON.stringify(issue.input)}; see \`ward rules\``,
        }),
      )
      .optional(),
    maxDays: z.int().positive().max(365).default(90),
  })
  .prefault({});

export type TagExemptionSettings = z.infer<typeof tagExemptionsSchema>;
