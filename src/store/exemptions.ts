import { z } from 'zod';
import { RULE_IDS } from '../domain';
import type { RuleId } from '../domain';
import { exemptionSchema } from '../config/policy';
import type { Exemption } from '../config/policy';
import { isActiveAt } from '../decide/expiry';
import { StoreError, statusOf } from './errors';
import { SORTABLE_ID_PATTERN, createSortableIdFactory } from './keys';
import type { SortableIdFactory } from './keys';
import type { TableStore } from './tables';
import { TABLE_NAMES } from './tables';

/** An exemption kept in Tables (the same shape as one in the policy file, plus id and time). */
export interface ExemptionRecord {
  id: string;
  ruleId: RuleId | '*';
  scope: string;
  reason: string;
  /** ISO date-time or date; see parseExpiry for how a plain date is read. */
  expires: string;
  createdBy?: string;
  createdAt: string;
}

export interface Exemptions {
  /** Validates and stores an exemption; an already expired one is refused. */
  add(exemption: Exemption, now?: Date): Promise<ExemptionRecord>;
  /** Exemptions in force at `now`; expired ones are left out. */
  listActive(now: Date): Promise<ExemptionRecord[]>;
  /** Every stored exemption, expired ones included, oldest first. */
  listAll(): Promise<ExemptionRecord[]>;
  /** True when it existed. */
  remove(id: string): Promise<boolean>;
}

export interface ExemptionsOptions {
  clock?: () => Date;
  newId?: SortableIdFactory;
}

const PARTITION = 'exemption';

const entitySchema = z.object({
  rowKey: z.string().regex(SORTABLE_ID_PATTERN),
  ruleId: z.enum(RULE_IDS).or(z.literal('*')),
  scope: z.string(),
  reason: z.string(),
  expires: z.string(),
  createdBy: z.string().optional(),
  createdAt: z.iso.datetime(),
});

function fromEntity(raw: unknown): ExemptionRecord {
  const parsed = entitySchema.safeParse(raw);
  if (!parsed.success) {
    throw new StoreError(
      'STORE_INVALID_ENTITY',
      `Exemption entity is malformed: ${z.prettifyError(parsed.error)}`,
    );
  }
  const { rowKey, ...rest } = parsed.data;
  return { id: rowKey, ...rest };
}

/** Exemption records in `WardExemptions` (one partition: exemptions are few). */
export function createExemptions(tables: TableStore, options: ExemptionsOptions = {}): Exemptions {
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? createSortableIdFactory();

  async function listAll(): Promise<ExemptionRecord[]> {
    const table = await tables.table(TABLE_NAMES.exemptions);
    const records: ExemptionRecord[] = [];
    const filter = `PartitionKey eq '${PARTITION}'`;
    for await (const raw of table.listEntities({ queryOptions: { filter } })) {
      records.push(fromEntity(raw));
    }
    return records;
  }

  return {
    async add(exemption, now) {
      const parsed = exemptionSchema.safeParse(exemption);
      if (!parsed.success) {
        throw new StoreError(
          'STORE_INVALID_INPUT',
          `Exemption is invalid: ${z.prettifyError(parsed.error)}`,
        );
      }
      const createdAt = now ?? clock();
      if (!isActiveAt(parsed.data.expires, createdAt)) {
        throw new StoreError(
          'STORE_INVALID_INPUT',
          `Exemption expiry ${parsed.data.expires} is not after ${createdAt.toISOString()}.`,
        );
      }
      const record: ExemptionRecord = {
        id: newId(createdAt),
        ...parsed.data,
        createdAt: createdAt.toISOString(),
      };
      const { id, createdBy, ...fields } = record;
      const table = await tables.table(TABLE_NAMES.exemptions);
      await table.createEntity({
        partitionKey: PARTITION,
        rowKey: id,
        ...fields,
        ...(createdBy === undefined ? {} : { createdBy }),
      });
      return record;
    },

    async listActive(now) {
      return (await listAll()).filter((record) => isActiveAt(record.expires, now));
    },

    listAll,

    async remove(id) {
      if (!SORTABLE_ID_PATTERN.test(id)) return false;
      const table = await tables.table(TABLE_NAMES.exemptions);
      try {
        await table.deleteEntity(PARTITION, id);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    },
  };
}
