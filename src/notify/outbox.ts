import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { NotifyLogger } from './logger';
import type { DeliveryResult, TeamsNotifier } from './teams-notifier';
import type { TeamsMessage } from './types';

const PARTITION = 'outbox';
/** A Table string property holds at most 32K UTF-16 characters. */
const MAX_BODY_CHARS = 32_000;

const entitySchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  body: z.string(),
  kind: z.string(),
  createdAt: z.string(),
  attempts: z.number(),
  lastStatus: z.number().optional(),
  lastError: z.string().optional(),
  lastAttemptAt: z.string().optional(),
});

export interface OutboxEntry {
  id: string;
  kind: string;
  createdAt: string;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  message: TeamsMessage;
}

export interface SendResult extends DeliveryResult {
  /** Set when the message was kept for redelivery. */
  outboxId?: string;
}

export interface Outbox {
  /** Posts now; what is not delivered is kept and retried by `redeliver`. */
  send(message: TeamsMessage, kind: string): Promise<SendResult>;
  enqueue(message: TeamsMessage, kind: string, failure?: DeliveryResult): Promise<string>;
  pending(): Promise<OutboxEntry[]>;
  /** Retries every kept message, oldest first; delivered ones leave the outbox. */
  redeliver(): Promise<{ delivered: number; remaining: number }>;
}

export class OutboxError extends Error {
  constructor(
    readonly code: 'message-too-large' | 'corrupt-entry',
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

export interface OutboxOptions {
  table: TableClient;
  notifier: TeamsNotifier;
  now: () => Date;
  logger: NotifyLogger;
}

/** "Never lose an alert": undelivered Teams messages wait in a Table until a later run delivers them. */
export function createOutbox(options: OutboxOptions): Outbox {
  const { table, notifier, now, logger } = options;
  let ready: Promise<unknown> | undefined;
  const ensureTable = (): Promise<unknown> => (ready ??= table.createTable());

  const enqueue: Outbox['enqueue'] = async (message, kind, failure) => {
    const body = JSON.stringify(message);
    if (body.length > MAX_BODY_CHARS) {
      throw new OutboxError(
        'message-too-large',
        `a ${kind} message of ${body.length} characters cannot be kept`,
      );
    }
    await ensureTable();
    const createdAt = now().toISOString();
    const id = `${createdAt}_${randomUUID()}`;
    await table.createEntity({
      partitionKey: PARTITION,
      rowKey: id,
      body,
      kind,
      createdAt,
      attempts: failure?.attempts ?? 0,
      ...(failure?.status !== undefined ? { lastStatus: failure.status } : {}),
      ...(failure?.error !== undefined ? { lastError: failure.error } : {}),
      ...(failure ? { lastAttemptAt: createdAt } : {}),
    });
    logger.warn({ outboxId: id, kind }, 'teams message kept for redelivery');
    return id;
  };

  const list = async (): Promise<(OutboxEntry & { etag: string })[]> => {
    await ensureTable();
    const entries: (OutboxEntry & { etag: string })[] = [];
    for await (const raw of table.listEntities({
      queryOptions: { filter: `PartitionKey eq '${PARTITION}'` },
    })) {
      const parsed = entitySchema.safeParse(raw);
      if (!parsed.success) {
        throw new OutboxError(
          'corrupt-entry',
          `outbox entry ${String(raw.rowKey)} is malformed: ${parsed.error.message}`,
        );
      }
      const entity = parsed.data;
      const entry: OutboxEntry & { etag: string } = {
        id: entity.rowKey,
        etag: entity.etag,
        kind: entity.kind,
        createdAt: entity.createdAt,
        attempts: entity.attempts,
        message: JSON.parse(entity.body) as TeamsMessage,
      };
      if (entity.lastStatus !== undefined) entry.lastStatus = entity.lastStatus;
      if (entity.lastError !== undefined) entry.lastError = entity.lastError;
      entries.push(entry);
    }
    return entries.sort((a, b) => a.id.localeCompare(b.id));
  };

  return {
    enqueue,
    async send(message, kind) {
      const result = await notifier.post(message);
      if (result.delivered) return result;
      const outboxId = await enqueue(message, kind, result);
      return { ...result, outboxId };
    },
    async pending() {
      return (await list()).map(({ etag: _etag, ...entry }) => entry);
    },
    async redeliver() {
      let delivered = 0;
      let remaining = 0;
      for (const entry of await list()) {
        const result = await notifier.post(entry.message);
        if (result.delivered) {
          delivered++;
          // If another run delivered it at the same time, the entry is already gone.
          await table
            .deleteEntity(PARTITION, entry.id, { etag: entry.etag })
            .catch((error: unknown) => {
              logger.warn(
                { outboxId: entry.id, error: String(error) },
                'outbox entry already removed',
              );
            });
          continue;
        }
        remaining++;
        await table.updateEntity(
          {
            partitionKey: PARTITION,
            rowKey: entry.id,
            attempts: entry.attempts + result.attempts,
            lastAttemptAt: now().toISOString(),
            ...(result.status !== undefined ? { lastStatus: result.status } : {}),
            ...(result.error !== undefined ? { lastError: result.error } : {}),
          },
          'Merge',
          { etag: entry.etag },
        );
      }
      return { delivered, remaining };
    },
  };
}
