import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { MODES, RULE_IDS } from '../domain';
import type { DecisionReason, DecisionVerb, Mode, RuleId } from '../domain';
import { StoreError, statusOf } from './errors';
import {
  SORTABLE_ID_PATTERN,
  createSortableIdFactory,
  resourceKey,
  timeOfSortableId,
} from './keys';
import type { SortableIdFactory } from './keys';
import type { TableStore } from './tables';
import { TABLE_NAMES } from './tables';
import { boundedText, chunkText } from './text-limits';

export const LEDGER_KINDS = [
  'decision',
  'action',
  'alert',
  'approval',
  'ticket',
  'notification',
  /** What ward is about to write, recorded before the write; an `action` entry settles it. */
  'intent',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** `unknown`: a change whose outcome a re-read could not settle (alerted; undo stays possible). */
export const LEDGER_OUTCOMES = ['succeeded', 'failed', 'skipped', 'pending', 'unknown'] as const;
export type LedgerOutcome = (typeof LEDGER_OUTCOMES)[number];

const DECISION_VERBS = [
  'remediate',
  'request-approval',
  'open-ticket',
  'record',
  'none',
] as const satisfies readonly DecisionVerb[];

/** What a caller appends; the ledger adds the id and the time. */
export interface LedgerEntryInput {
  kind: LedgerKind;
  outcome: LedgerOutcome;
  /** The signal's event id (Event Grid id, or the sweep's synthetic id). */
  eventId?: string;
  invocationId?: string;
  correlationId?: string;
  ruleId?: RuleId;
  resourceId?: string;
  /** The finding's fingerprint, when the entry is about a finding. */
  fingerprint?: string;
  verb?: DecisionVerb;
  mode?: Mode;
  dryRun?: boolean;
  reasons?: DecisionReason[];
  actionId?: string;
  /** State before the change (any JSON value; stored as JSON text so undo can restore it). */
  before?: unknown;
  /** State after the change (any JSON value). */
  after?: unknown;
  /** Who acted: ward's identity, or the approver. */
  principal?: string;
  /** One line an engineer reads. */
  summary?: string;
  error?: string;
  /** Another ledger entry this one follows from (the decision an action carries out, an undo). */
  relatedId?: string;
}

/** An entry as read back. `before`/`after` are JSON text; parse them only when not truncated. */
export interface LedgerEntry extends Omit<LedgerEntryInput, 'before' | 'after'> {
  id: string;
  createdAt: string;
  before?: string;
  beforeTruncated: boolean;
  after?: string;
  afterTruncated: boolean;
}

export interface Ledger {
  append(entry: LedgerEntryInput): Promise<LedgerEntry>;
  /** The entry, or undefined when no entry has this id. */
  get(id: string): Promise<LedgerEntry | undefined>;
  /** Entries about a resource (ARM ids compare case-insensitively), oldest first. */
  listByResource(resourceId: string): Promise<LedgerEntry[]>;
  /** The newest `limit` entries, newest first. */
  listRecent(limit: number): Promise<LedgerEntry[]>;
  /** Every entry, oldest first. */
  listAll(): Promise<LedgerEntry[]>;
}

export interface LedgerOptions {
  clock?: () => Date;
  newId?: SortableIdFactory;
}

/** Up to 5 × 32,000 UTF-16 units each for before and after: both stay well under 1 MiB. */
const MAX_STATE_CHUNKS = 5;
const MAX_REASONS_CHARS = 16_000;
const MAX_ERROR_CHARS = 8_000;
const MAX_SUMMARY_CHARS = 2_000;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Reverses a sortable id's order, so an ascending table scan reads newest first. */
function invertId(id: string): string {
  let inverted = '';
  for (let index = 0; index < id.length; index += 1) {
    inverted += CROCKFORD[31 - CROCKFORD.indexOf(id.charAt(index))] ?? '0';
  }
  return inverted;
}

/** Month partitions, numbered so that later months sort first. */
function monthPartition(ms: number): string {
  const date = new Date(ms);
  const yyyymm = date.getUTCFullYear() * 100 + (date.getUTCMonth() + 1);
  return `m${String(999_999 - yyyymm).padStart(6, '0')}`;
}

const reasonSchema = z.object({ code: z.string(), text: z.string() });

const entitySchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  id: z.string().regex(SORTABLE_ID_PATTERN),
  createdAt: z.iso.datetime(),
  kind: z.enum(LEDGER_KINDS),
  outcome: z.enum(LEDGER_OUTCOMES),
  eventId: z.string().optional(),
  invocationId: z.string().optional(),
  correlationId: z.string().optional(),
  ruleId: z.enum(RULE_IDS).optional(),
  resourceId: z.string().optional(),
  fingerprint: z.string().optional(),
  verb: z.enum(DECISION_VERBS).optional(),
  mode: z.enum(MODES).optional(),
  dryRun: z.boolean().optional(),
  reasons: z.string().optional(),
  actionId: z.string().optional(),
  principal: z.string().optional(),
  summary: z.string().optional(),
  error: z.string().optional(),
  relatedId: z.string().optional(),
  beforeChunks: z.int().min(0).default(0),
  beforeTruncated: z.boolean().default(false),
  afterChunks: z.int().min(0).default(0),
  afterTruncated: z.boolean().default(false),
});

type Entity = Record<string, string | number | boolean>;

function stateProperties(name: 'before' | 'after', value: unknown): Entity {
  if (value === undefined) return {};
  const { chunks, truncated } = chunkText(JSON.stringify(value), MAX_STATE_CHUNKS);
  const props: Entity = { [`${name}Chunks`]: chunks.length, [`${name}Truncated`]: truncated };
  chunks.forEach((chunk, index) => {
    props[`${name}${index}`] = chunk;
  });
  return props;
}

function toEntity(id: string, createdAt: string, entry: LedgerEntryInput): Entity {
  const entity: Entity = { id, createdAt, kind: entry.kind, outcome: entry.outcome };
  const optionalText = {
    eventId: entry.eventId,
    invocationId: entry.invocationId,
    correlationId: entry.correlationId,
    ruleId: entry.ruleId,
    resourceId: entry.resourceId,
    fingerprint: entry.fingerprint,
    verb: entry.verb,
    mode: entry.mode,
    actionId: entry.actionId,
    principal: entry.principal,
    relatedId: entry.relatedId,
  };
  for (const [key, value] of Object.entries(optionalText)) {
    if (value !== undefined) entity[key] = boundedText(value, 2_000);
  }
  if (entry.dryRun !== undefined) entity.dryRun = entry.dryRun;
  if (entry.reasons !== undefined) {
    entity.reasons = boundedText(JSON.stringify(entry.reasons), MAX_REASONS_CHARS);
  }
  if (entry.summary !== undefined) entity.summary = boundedText(entry.summary, MAX_SUMMARY_CHARS);
  if (entry.error !== undefined) entity.error = boundedText(entry.error, MAX_ERROR_CHARS);
  return {
    ...entity,
    ...stateProperties('before', entry.before),
    ...stateProperties('after', entry.after),
  };
}

function joinChunks(raw: Record<string, unknown>, name: string, count: number): string | undefined {
  if (count === 0) return undefined;
  let text = '';
  for (let index = 0; index < count; index += 1) {
    const chunk = raw[`${name}${index}`];
    if (typeof chunk !== 'string') {
      throw new StoreError('STORE_INVALID_ENTITY', `Ledger entity lacks ${name}${index}.`);
    }
    text += chunk;
  }
  return text;
}

function parseReasons(text: string | undefined, id: string): DecisionReason[] | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = z.array(reasonSchema).safeParse(JSON.parse(text));
    // Codes are not narrowed on read: an older ledger may hold codes this version does not know.
    if (parsed.success) return parsed.data as DecisionReason[];
  } catch {
    /* falls through to the coded error */
  }
  throw new StoreError('STORE_INVALID_ENTITY', `Ledger entry ${id} has unreadable reasons.`);
}

function fromEntity(raw: Record<string, unknown>): LedgerEntry {
  const parsed = entitySchema.safeParse(raw);
  if (!parsed.success) {
    throw new StoreError(
      'STORE_INVALID_ENTITY',
      `Ledger entity ${String(raw.rowKey)} is malformed: ${z.prettifyError(parsed.error)}`,
    );
  }
  const {
    partitionKey: _pk,
    rowKey: _rk,
    beforeChunks,
    afterChunks,
    reasons,
    ...rest
  } = parsed.data;
  const entry: LedgerEntry = { ...rest };
  const parsedReasons = parseReasons(reasons, rest.id);
  if (parsedReasons) entry.reasons = parsedReasons;
  const before = joinChunks(raw, 'before', beforeChunks);
  if (before !== undefined) entry.before = before;
  const after = joinChunks(raw, 'after', afterChunks);
  if (after !== undefined) entry.after = after;
  return entry;
}

async function collect(
  client: TableClient,
  filter: string | undefined,
  limit = Infinity,
): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  const query = filter === undefined ? {} : { filter };
  for await (const raw of client.listEntities({ queryOptions: query })) {
    entries.push(fromEntity(raw));
    if (entries.length >= limit) break;
  }
  return entries;
}

function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The append-only ledger. Each entry is written twice: in `WardLedger` (month partitions,
 * newest first: get by id and recent N are point reads and one short scan) and in
 * `WardLedgerByResource` (one partition per resource, oldest first). Nothing here updates or
 * deletes an entity; a conflict on create means the id exists and is an error.
 */
export function createLedger(tables: TableStore, options: LedgerOptions = {}): Ledger {
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? createSortableIdFactory();

  return {
    async append(entry) {
      const createdAt = clock();
      const id = newId(createdAt);
      const ms = timeOfSortableId(id) ?? createdAt.getTime();
      const entity = toEntity(id, createdAt.toISOString(), entry);
      const main = await tables.table(TABLE_NAMES.ledger);
      try {
        await main.createEntity({
          partitionKey: monthPartition(ms),
          rowKey: invertId(id),
          ...entity,
        });
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new StoreError('LEDGER_DUPLICATE_ID', `Ledger entry ${id} already exists.`, {
            cause: error,
          });
        }
        throw error;
      }
      if (entry.resourceId !== undefined) {
        const index = await tables.table(TABLE_NAMES.ledgerByResource);
        try {
          await index.createEntity({
            partitionKey: resourceKey(entry.resourceId),
            rowKey: id,
            ...entity,
          });
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
        }
      }
      return fromEntity({ partitionKey: '', rowKey: '', ...entity });
    },

    async get(requested) {
      // Ids are Crockford base32, which reads the same in either case (`ward undo` input).
      const id = requested.trim().toUpperCase();
      const ms = timeOfSortableId(id);
      if (ms === undefined) return undefined;
      const main = await tables.table(TABLE_NAMES.ledger);
      try {
        const raw = await main.getEntity(monthPartition(ms), invertId(id));
        return fromEntity(raw);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },

    async listByResource(resourceId) {
      const index = await tables.table(TABLE_NAMES.ledgerByResource);
      return collect(index, `PartitionKey eq ${odataString(resourceKey(resourceId))}`);
    },

    async listRecent(limit) {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new StoreError('STORE_INVALID_INPUT', `listRecent needs a positive integer limit.`);
      }
      return collect(await tables.table(TABLE_NAMES.ledger), undefined, limit);
    },

    async listAll() {
      const entries = await collect(await tables.table(TABLE_NAMES.ledger), undefined);
      return entries.reverse();
    },
  };
}
