import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { RULE_IDS } from '../domain';
import type { Finding, RuleId } from '../domain';
import { statusOf } from '../store/errors';

export const TICKET_STATUSES = ['open', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** One ticket per finding fingerprint: opening it again counts, it never duplicates. */
export interface Ticket {
  /** Stable per fingerprint and opening: `WARD-{fingerprint prefix}-{opening}`. */
  id: string;
  fingerprint: string;
  ruleId: RuleId;
  resourceId: string;
  status: TicketStatus;
  /** How many times the finding was seen while this ticket was open. */
  count: number;
  /** Which opening of the fingerprint this is (a resolved ticket that comes back is reopened). */
  opening: number;
  openedAt: string;
  lastSeen: string;
  resolvedAt?: string;
  message: string;
}

export interface OpenResult {
  ticket: Ticket;
  /** `opened`: new or reopened; `updated`: it was already open and only the count moved. */
  change: 'opened' | 'updated';
}

export interface TicketRegistry {
  open(finding: Finding, now: Date): Promise<OpenResult>;
  /** Resolves the fingerprint's open ticket; undefined when none is open. */
  resolve(fingerprint: string, now: Date): Promise<Ticket | undefined>;
  get(fingerprint: string): Promise<Ticket | undefined>;
  listOpen(): Promise<Ticket[]>;
}

export class TicketError extends Error {
  override readonly name = 'TicketError';
  constructor(
    readonly code: 'ticket-conflict' | 'ticket-invalid-entity',
    message: string,
  ) {
    super(message);
  }
}

const ROW = 'ticket';

const entitySchema = z.object({
  partitionKey: z.string(),
  etag: z.string(),
  id: z.string(),
  ruleId: z.enum(RULE_IDS),
  resourceId: z.string(),
  status: z.enum(TICKET_STATUSES),
  count: z.int().min(1),
  opening: z.int().min(1),
  openedAt: z.string(),
  lastSeen: z.string(),
  resolvedAt: z.string().optional(),
  message: z.string(),
});

type Stored = Ticket & { etag: string };

function ticketId(fingerprint: string, opening: number): string {
  return `WARD-${fingerprint.slice(0, 12).toUpperCase()}-${opening}`;
}

/** Table property strings hold 32K UTF-16 units; a message is one line for people. */
const MAX_MESSAGE = 4_000;

/**
 * Tickets in one table, one row per fingerprint (the partition key), updated under etags so
 * concurrent openings of the same finding count once each and never create two tickets.
 */
export function createTicketRegistry(options: {
  table: () => Promise<TableClient>;
  maxAttempts?: number;
}): TicketRegistry {
  const maxAttempts = options.maxAttempts ?? 20;

  async function read(fingerprint: string): Promise<Stored | undefined> {
    const table = await options.table();
    try {
      const raw = await table.getEntity(fingerprint, ROW);
      const parsed = entitySchema.safeParse(raw);
      if (!parsed.success) {
        throw new TicketError(
          'ticket-invalid-entity',
          `Ticket of ${fingerprint} is malformed: ${z.prettifyError(parsed.error)}`,
        );
      }
      const { partitionKey, ...rest } = parsed.data;
      return { ...rest, fingerprint: partitionKey };
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  function entityOf(
    ticket: Ticket,
  ): { partitionKey: string; rowKey: string } & Record<string, string | number> {
    const { fingerprint, resolvedAt, ...rest } = ticket;
    return {
      partitionKey: fingerprint,
      rowKey: ROW,
      ...rest,
      ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    };
  }

  async function write(current: Stored | undefined, next: Ticket): Promise<boolean> {
    const table = await options.table();
    try {
      if (current) {
        await table.updateEntity(entityOf(next), 'Replace', { etag: current.etag });
      } else {
        await table.createEntity(entityOf(next));
      }
      return true;
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) return false;
      throw error;
    }
  }

  return {
    async open(finding, now) {
      const at = now.toISOString();
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const current = await read(finding.fingerprint);
        const message = finding.message.slice(0, MAX_MESSAGE);
        if (current?.status === 'open') {
          const { etag: _etag, ...ticket } = current;
          const next: Ticket = { ...ticket, count: current.count + 1, lastSeen: at, message };
          if (await write(current, next)) return { ticket: next, change: 'updated' };
          continue;
        }
        const opening = (current?.opening ?? 0) + 1;
        const next: Ticket = {
          id: ticketId(finding.fingerprint, opening),
          fingerprint: finding.fingerprint,
          ruleId: finding.ruleId,
          resourceId: finding.resourceId,
          status: 'open',
          count: 1,
          opening,
          openedAt: at,
          lastSeen: at,
          message,
        };
        if (await write(current, next)) return { ticket: next, change: 'opened' };
      }
      throw new TicketError(
        'ticket-conflict',
        `Ticket of ${finding.fingerprint} kept changing under ${maxAttempts} attempts.`,
      );
    },

    async resolve(fingerprint, now) {
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        const current = await read(fingerprint);
        if (current?.status !== 'open') return undefined;
        const { etag: _etag, ...ticket } = current;
        const next: Ticket = { ...ticket, status: 'resolved', resolvedAt: now.toISOString() };
        if (await write(current, next)) return next;
      }
      throw new TicketError(
        'ticket-conflict',
        `Ticket of ${fingerprint} kept changing under ${maxAttempts} attempts.`,
      );
    },

    async get(fingerprint) {
      const current = await read(fingerprint);
      if (!current) return undefined;
      const { etag: _etag, ...ticket } = current;
      return ticket;
    },

    async listOpen() {
      const table = await options.table();
      const tickets: Ticket[] = [];
      for await (const raw of table.listEntities({
        queryOptions: { filter: `status eq 'open'` },
      })) {
        const parsed = entitySchema.safeParse(raw);
        if (!parsed.success) continue;
        const { partitionKey, etag: _etag, ...rest } = parsed.data;
        tickets.push({ ...rest, fingerprint: partitionKey });
      }
      return tickets;
    },
  };
}
