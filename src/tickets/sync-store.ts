import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { TICKET_SYSTEM_NAMES } from '../config/ticket-systems';
import { statusOf } from '../store/errors';
import type { ExternalTicket, TicketContent, TicketSystemName } from './system';

export const TICKET_OPS = ['open', 'comment', 'resolve', 'reopen'] as const;
export type TicketOpKind = (typeof TICKET_OPS)[number];

/** One request to a ticket system, kept until it is delivered. */
export interface TicketOp {
  id: string;
  fingerprint: string;
  system: TicketSystemName;
  op: TicketOpKind;
  /** The ticket as it would be filed: any op files it first when it is not filed yet. */
  content: TicketContent;
  /** The comment (recurrence, resolution, regression); none for `open`. */
  text?: string;
  createdAt: string;
  attempts: number;
  lastError?: string;
  lastStatus?: number;
}

export interface TicketLink extends ExternalTicket {
  fingerprint: string;
  system: TicketSystemName;
}

export class TicketSyncError extends Error {
  override readonly name = 'TicketSyncError';
  constructor(
    readonly code: 'ticket-op-invalid' | 'ticket-op-too-large',
    message: string,
  ) {
    super(message);
  }
}

const contentSchema = z.object({
  fingerprint: z.string(),
  marker: z.string(),
  ruleId: z.string(),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'informational']),
  title: z.string(),
  body: z.string(),
  paragraphs: z.array(z.string()),
});

const opSchema = z.object({
  rowKey: z.string(),
  etag: z.string(),
  fingerprint: z.string(),
  system: z.enum(TICKET_SYSTEM_NAMES),
  op: z.enum(TICKET_OPS),
  content: z.string(),
  text: z.string().optional(),
  createdAt: z.string(),
  attempts: z.number(),
  lastError: z.string().optional(),
  lastStatus: z.number().optional(),
  notBefore: z.string().optional(),
});

const linkSchema = z.object({
  rowKey: z.string(),
  system: z.enum(TICKET_SYSTEM_NAMES),
  externalId: z.string(),
  url: z.string(),
});

const lockSchema = z.object({ etag: z.string(), claimedUntil: z.string() });

const OP = 'op';
const LINK = 'link';
const LOCK = 'lock';
const ALERT = 'alert';
/** A Table string property holds 32K UTF-16 units. */
const MAX_CHARS = 32_000;

export type StoredOp = TicketOp & { etag: string; notBefore?: string };

/**
 * Ward's side of external tickets in one table: the outbox of requests (`op`), the ticket each
 * fingerprint has in its system (`link`), a per-fingerprint claim so one run at a time talks to
 * the system about a fingerprint (`lock`), and the access alerts already raised (`alert`).
 */
export function createTicketSyncStore(table: () => Promise<TableClient>) {
  let ready: Promise<unknown> | undefined;
  const client = async (): Promise<TableClient> => {
    const t = await table();
    ready ??= t.createTable().catch((error: unknown) => {
      if (statusOf(error) !== 409) throw error;
    });
    await ready;
    return t;
  };

  return {
    async enqueue(op: Omit<TicketOp, 'id' | 'attempts'>): Promise<string> {
      const content = JSON.stringify(op.content);
      if (content.length + (op.text?.length ?? 0) > MAX_CHARS) {
        throw new TicketSyncError(
          'ticket-op-too-large',
          `a ${op.op} request of ${op.fingerprint} is too large to keep`,
        );
      }
      const id = `${op.createdAt}_${randomUUID()}`;
      await (
        await client()
      ).createEntity({
        partitionKey: OP,
        rowKey: id,
        fingerprint: op.fingerprint,
        system: op.system,
        op: op.op,
        content,
        ...(op.text !== undefined ? { text: op.text } : {}),
        createdAt: op.createdAt,
        attempts: 0,
      });
      return id;
    },

    /** Every kept request, oldest first. */
    async pending(): Promise<StoredOp[]> {
      const t = await client();
      const out: StoredOp[] = [];
      for await (const raw of t.listEntities({
        queryOptions: { filter: `PartitionKey eq '${OP}'` },
      })) {
        const parsed = opSchema.safeParse(raw);
        if (!parsed.success) {
          throw new TicketSyncError(
            'ticket-op-invalid',
            `ticket request ${String(raw.rowKey)} is malformed: ${z.prettifyError(parsed.error)}`,
          );
        }
        const e = parsed.data;
        const content = contentSchema.safeParse(JSON.parse(e.content));
        if (!content.success) {
          throw new TicketSyncError(
            'ticket-op-invalid',
            `ticket request ${e.rowKey} holds malformed content: ${z.prettifyError(content.error)}`,
          );
        }
        out.push({
          id: e.rowKey,
          etag: e.etag,
          fingerprint: e.fingerprint,
          system: e.system,
          op: e.op,
          content: content.data,
          createdAt: e.createdAt,
          attempts: e.attempts,
          ...(e.text !== undefined ? { text: e.text } : {}),
          ...(e.lastError !== undefined ? { lastError: e.lastError } : {}),
          ...(e.lastStatus !== undefined ? { lastStatus: e.lastStatus } : {}),
          ...(e.notBefore !== undefined ? { notBefore: e.notBefore } : {}),
        });
      }
      return out.sort((a, b) => a.id.localeCompare(b.id));
    },

    async remove(id: string): Promise<void> {
      await (await client()).deleteEntity(OP, id).catch((error: unknown) => {
        if (statusOf(error) !== 404) throw error;
      });
    },

    async recordFailure(
      id: string,
      failure: { attempts: number; error: string; status?: number; notBefore?: string },
    ): Promise<void> {
      await (
        await client()
      )
        .updateEntity(
          {
            partitionKey: OP,
            rowKey: id,
            attempts: failure.attempts,
            lastError: failure.error.slice(0, 4000),
            ...(failure.status !== undefined ? { lastStatus: failure.status } : {}),
            ...(failure.notBefore !== undefined ? { notBefore: failure.notBefore } : {}),
          },
          'Merge',
        )
        .catch((error: unknown) => {
          if (statusOf(error) !== 404) throw error;
        });
    },

    async link(fingerprint: string): Promise<TicketLink | undefined> {
      try {
        const raw = await (await client()).getEntity(LINK, fingerprint);
        const e = linkSchema.parse(raw);
        return { fingerprint, system: e.system, id: e.externalId, url: e.url };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },

    async saveLink(link: TicketLink): Promise<void> {
      await (
        await client()
      ).upsertEntity(
        {
          partitionKey: LINK,
          rowKey: link.fingerprint,
          system: link.system,
          externalId: link.id,
          url: link.url,
        },
        'Replace',
      );
    },

    async links(): Promise<TicketLink[]> {
      const out: TicketLink[] = [];
      for await (const raw of (await client()).listEntities({
        queryOptions: { filter: `PartitionKey eq '${LINK}'` },
      })) {
        const e = linkSchema.parse(raw);
        out.push({ fingerprint: e.rowKey, system: e.system, id: e.externalId, url: e.url });
      }
      return out;
    },

    /**
     * Claims the fingerprint for `ms`: answers a release function, or undefined when another
     * run holds it. Etag-guarded, so two runs never both win.
     */
    async claim(
      fingerprint: string,
      now: Date,
      ms: number,
    ): Promise<(() => Promise<void>) | undefined> {
      const t = await client();
      const until = new Date(now.getTime() + ms).toISOString();
      let etag: string | undefined;
      try {
        const current = lockSchema.parse(await t.getEntity(LOCK, fingerprint));
        if (Date.parse(current.claimedUntil) > now.getTime()) return undefined;
        etag = (
          await t.updateEntity(
            { partitionKey: LOCK, rowKey: fingerprint, claimedUntil: until },
            'Replace',
            {
              etag: current.etag,
            },
          )
        ).etag;
      } catch (error) {
        const status = statusOf(error);
        if (status === 412) return undefined;
        if (status !== 404) throw error;
        try {
          etag = (
            await t.createEntity({ partitionKey: LOCK, rowKey: fingerprint, claimedUntil: until })
          ).etag;
        } catch (createError) {
          if (statusOf(createError) === 409) return undefined;
          throw createError;
        }
      }
      const held = etag;
      return async () => {
        await t
          .updateEntity(
            { partitionKey: LOCK, rowKey: fingerprint, claimedUntil: new Date(0).toISOString() },
            'Replace',
            held !== undefined ? { etag: held } : {},
          )
          .catch((error: unknown) => {
            // Only when the claim ran out and another run took it: that run releases it.
            if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
          });
      };
    },

    /** True the first time this alert key is raised, false while it stands. */
    async markAlert(key: string, at: string): Promise<boolean> {
      try {
        await (await client()).createEntity({ partitionKey: ALERT, rowKey: key, at });
        return true;
      } catch (error) {
        if (statusOf(error) === 409) return false;
        throw error;
      }
    },

    /** A delivery to the system worked: the next failure alerts again. */
    async clearAlerts(system: TicketSystemName): Promise<void> {
      const t = await client();
      for await (const raw of t.listEntities({
        queryOptions: { filter: `PartitionKey eq '${ALERT}'` },
      })) {
        const key = String(raw.rowKey);
        if (key.startsWith(`${system}:`)) {
          await t.deleteEntity(ALERT, key).catch((error: unknown) => {
            if (statusOf(error) !== 404) throw error;
          });
        }
      }
    },
  };
}

export type TicketSyncStore = ReturnType<typeof createTicketSyncStore>;
