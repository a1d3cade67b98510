import { z } from 'zod';

/**
 * The Teams channel's noise budget. Within each window the channel gets at most so many single
 * cards of each class; what is over the budget, and every finding of a sweep, waits in the
 * digest queue and reaches the channel as one digest (with pages listing every item).
 */
export const teamsNoiseSchema = z
  .strictObject({
    /** Length of a budget window, and how long a burst is gathered before its digest is posted. */
    windowMinutes: z.int().positive().max(1440).default(15),
    /** Approval cards per window; approvals beyond wait in the digest (and the approvals queue). */
    approvalCards: z.int().min(0).max(50).default(5),
    /** Cards that need a person now (failed fixes, tripped guardrails, secrets expiring) per window. */
    urgentCards: z.int().min(0).max(50).default(10),
    /** Informational cards from events (a fix applied, a ticket opened) per window. */
    infoCards: z.int().min(0).max(50).default(10),
    /** Items a digest shows in full before its pages list the rest by name. */
    topItems: z.int().min(1).max(30).default(8),
    /** Digest pages per flush; the last page says how many items only the ledger holds. */
    maxPages: z.int().min(1).max(40).default(20),
  })
  .prefault({});

export type TeamsNoise = z.infer<typeof teamsNoiseSchema>;
