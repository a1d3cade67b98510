import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { statusOf } from '../store/errors';
import type { NotifyLogger } from './logger';
import type { DeliveryResult, TeamsNotifier } from './teams-notifier';
import type { TeamsMessage } from './types';

const PARTITION = 'outbox';
/** A Table string property holds at most 32K UTF-16 characters. */
const MAX_BODY_CHARS = 32_000;
/**
 * How long a redelivery run holds an entry it is posting. Longer than one post with all its
 * retries (5 attempts, 10 s timeout each, backoff up to 30 s), so a slow run is not overtaken;
 * a run that dies mid-post frees its entries when the claim runs out.
 */
export const DEFAULT_CLAIM_MS = 10 * 60 * 1000;

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
  claimedUntil: z.string().optional(),
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
  /**
   * Retries every kept message, oldest first; delivered ones leave the outbox. Each entry is
   * claimed (an etag-guarded write) before it is posted, so concurrent runs never post the same
   * message twice; entries another run holds are left to it and counted in neither number.
   */
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
  /** How long a redelivery run holds an entry; `DEFAULT_CLAIM_MS` unless given. */
  claimMs?: number;
}

/** "Never lose an alert": undelivered Teams messages wait in a Table until a later run delivers them. */
export function createOutbox(options: OutboxOptions): Outbox {
  const { table, notifier, now, logger } = options;
  const claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
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

  type StoredEntry = OutboxEntry & { etag: string; claimedUntil?: string };

  const list = async (): Promise<StoredEntry[]> => {
    await ensureTable();
    const entries: StoredEntry[] = [];
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
      const entry: StoredEntry = {
        id: entity.rowKey,
        etag: entity.etag,
        kind: entity.kind,
        createdAt: entity.createdAt,
        attempts: entity.attempts,
        message: JSON.parse(entity.body) as TeamsMessage,
      };
      if (entity.lastStatus !== undefined) entry.lastStatus = entity.lastStatus;
      if (entity.lastError !== undefined) entry.lastError = entity.lastError;
      if (entity.claimedUntil !== undefined) entry.claimedUntil = entity.claimedUntil;
      entries.push(entry);
    }
    return entries.sort((a, b) => a.id.localeCompare(b.id));
  };

  /**
   * Takes an entry for this run: answers the etag after the claim, or undefined when another
   * run holds it (an unexpired claim, or the etag changed since it was listed) or it is gone.
   */
  const claim = async (entry: StoredEntry): Promise<string | undefined> => {
    const at = now();
    if (entry.claimedUntil !== undefined && Date.parse(entry.claimedUntil) > at.getTime()) {
      return undefined;
    }
    try {
      const response = await table.updateEntity(
        {
          partitionKey: PARTITION,
          rowKey: entry.id,
          claimedUntil: new Date(at.getTime() + claimMs).toISOString(),
        },
        'Merge',
        { etag: entry.etag },
      );
      if (response.etag === undefined) {
        throw new OutboxError('corrupt-entry', `claiming outbox entry ${entry.id} gave no etag`);
      }
      return response.etag;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return undefined;
      throw error;
    }
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
      return (await list()).map(({ etag: _etag, claimedUntil: _claim, ...entry }) => entry);
    },
    async redeliver() {
      let delivered = 0;
      let remaining = 0;
      for (const entry of await list()) {
        const claimEtag = await claim(entry);
        if (claimEtag === undefined) continue;
        const result = await notifier.post(entry.message);
        if (result.delivered) {
          delivered++;
          await table
            .deleteEntity(PARTITION, entry.id, { etag: claimEtag })
            .catch((error: unknown) => {
              // Only when the claim ran out during the post and another run took the entry.
              logger.warn(
                { outboxId: entry.id, error: String(error) },
                'delivered outbox entry could not be removed',
              );
            });
          continue;
        }
        remaining++;
        const attemptAt = now().toISOString();
        await table
          .updateEntity(
            {
              partitionKey: PARTITION,
              rowKey: entry.id,
              attempts: entry.attempts + result.attempts,
              lastAttemptAt: attemptAt,
              // Released: the next run retries it without waiting for the claim to run out.
              claimedUntil: attemptAt,
              ...(result.status !== undefined ? { lastStatus: result.status } : {}),
              ...(result.error !== undefined ? { lastError: result.error } : {}),
            },
            'Merge',
            { etag: claimEtag },
          )
          .catch((error: unknown) => {
            if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
            logger.warn({ outboxId: entry.id }, 'outbox entry was taken over by another run');
          });
      }
      return { delivered, remaining };
    },
  };
}
