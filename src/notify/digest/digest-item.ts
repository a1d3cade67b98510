import { z } from 'zod';
import { SEVERITIES } from '../../domain';

/** Where an item came from: a sweep's finding, or a card of an event that was over budget. */
export const DIGEST_ORIGINS = ['sweep', 'event'] as const;

/** How urgent an item is: it decides its place in the digest and its card budget. */
export const CARD_CLASSES = ['urgent', 'approval', 'info'] as const;
export type CardClass = (typeof CARD_CLASSES)[number];

/** One line of a digest: a finding and what ward did about it, or an alert. */
export const digestItemSchema = z.object({
  cls: z.enum(CARD_CLASSES),
  origin: z.enum(DIGEST_ORIGINS),
  /** What ward did or wants, in a few words ("fixed", "approval requested", "failed-verify"). */
  what: z.string().min(1).max(200),
  ruleId: z.string().max(100).optional(),
  resourceId: z.string().max(2000).optional(),
  severity: z.enum(SEVERITIES).optional(),
  summary: z.string().max(2000),
  /** The approval page of an approval, or a ticket's URL. */
  url: z.string().max(2000).optional(),
  ledgerId: z.string().max(100).optional(),
  /** ISO time the item was queued. */
  at: z.string(),
});

export type DigestItem = z.infer<typeof digestItemSchema>;
