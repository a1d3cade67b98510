import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ActionPlan } from '../actions/types';
import type { Evidence, Finding } from '../domain';
import { jsonText } from '../notify/json-text';
import { statusOf } from '../store/errors';
import { ApprovalError } from './errors';
import { planHash } from './plan-hash';
import {
  APPROVAL_STATUSES,
  type Approval,
  type ApprovalDecision,
  type ApproverIdentity,
  type NewApproval,
} from './types';

const PARTITION = 'approval';
/** A Table string property holds at most 32K UTF-16 characters. */
const MAX_PROPERTY_CHARS = 32_000;
export const DEFAULT_EXPIRY_HOURS = 24;

/** base64url of 16 random bytes. */
export const APPROVAL_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

const storedJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
});

const entitySchema = z.object({
  rowKey: z.string().regex(APPROVAL_ID_PATTERN),
  etag: z.string(),
  fingerprint: z.string(),
  ruleId: z.string(),
  resourceId: z.string(),
  finding: storedJson,
  rule: storedJson.pipe(z.object({ title: z.string(), rationale: z.string() })),
  plan: storedJson,
  planHash: z.string().regex(/^[0-9a-f]{64}$/),
  plannedEtag: z.string().optional(),
  status: z.enum(APPROVAL_STATUSES),
  createdAt: z.string(),
  expiresAt: z.string(),
  requestedBy: storedJson,
  decidedById: z.string().optional(),
  decidedByName: z.string().optional(),
  decidedAt: z.string().optional(),
  reason: z.string().optional(),
  supersededBy: z.string().optional(),
});

export interface CreateOptions {
  now: Date;
  expiryHours?: number;
}

export interface DecideInput {
  decision: ApprovalDecision;
  principal: ApproverIdentity;
  reason?: string;
  now: Date;
}

export interface ApprovalStore {
  create(input: NewApproval, options: CreateOptions): Promise<Approval>;
  get(id: string): Promise<Approval | undefined>;
  /**
   * The single-use transition pending → approved | rejected, guarded by the entity's etag:
   * of two concurrent decisions exactly one wins; the other gets `already-decided`. A pending
   * approval past its expiry becomes `expired` and the call fails with `expired`.
   */
  decide(id: string, input: DecideInput): Promise<Approval>;
  /** Closes a pending approval whose plan no longer matches the resource. */
  supersede(id: string, byId: string, now: Date): Promise<Approval>;
}

export interface ApprovalStoreOptions {
  table: TableClient;
  /** Defaults to 128 random bits. */
  newId?: () => string;
}

export function newApprovalId(): string {
  return randomBytes(16).toString('base64url');
}

export function createApprovalStore(options: ApprovalStoreOptions): ApprovalStore {
  const { table } = options;
  const newId = options.newId ?? newApprovalId;
  let ready: Promise<unknown> | undefined;
  const ensureTable = (): Promise<unknown> => (ready ??= table.createTable());

  const get = async (id: string): Promise<Approval | undefined> => {
    if (!APPROVAL_ID_PATTERN.test(id)) return undefined;
    await ensureTable();
    try {
      const raw = await table.getEntity(PARTITION, id);
      return fromEntity(raw);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  };

  /** Writes a transition only if the entity is unchanged since `current` was read. */
  const transition = async (
    current: Approval,
    changes: Record<string, string>,
  ): Promise<Approval> => {
    try {
      await table.updateEntity(
        { partitionKey: PARTITION, rowKey: current.id, ...changes },
        'Merge',
        {
          etag: current.etag,
        },
      );
    } catch (error) {
      if (statusOf(error) === 412) {
        const now = await get(current.id);
        throw new ApprovalError(
          'already-decided',
          `approval ${current.id} was decided meanwhile (${now?.status ?? 'unknown'})`,
          { cause: error },
        );
      }
      throw error;
    }
    const updated = await get(current.id);
    if (!updated) throw new ApprovalError('not-found', `approval ${current.id} vanished`);
    return updated;
  };

  const pendingOrThrow = async (id: string, now: Date): Promise<Approval> => {
    const current = await get(id);
    if (!current) throw new ApprovalError('not-found', `no approval ${id}`);
    if (current.status === 'expired') throw new ApprovalError('expired', `approval ${id} expired`);
    if (current.status !== 'pending') {
      throw new ApprovalError('already-decided', `approval ${id} is already ${current.status}`);
    }
    if (now.getTime() >= Date.parse(current.expiresAt)) {
      await transition(current, { status: 'expired' }).catch((error: unknown) => {
        if (!(error instanceof ApprovalError)) throw error;
      });
      throw new ApprovalError('expired', `approval ${id} expired at ${current.expiresAt}`);
    }
    return current;
  };

  return {
    get,
    async create(input, { now, expiryHours = DEFAULT_EXPIRY_HOURS }) {
      await ensureTable();
      const id = newId();
      const finding = compactFinding(input.finding);
      const entity = {
        partitionKey: PARTITION,
        rowKey: id,
        fingerprint: finding.fingerprint,
        ruleId: finding.ruleId,
        resourceId: finding.resourceId,
        finding: JSON.stringify(finding),
        rule: JSON.stringify(input.rule),
        plan: JSON.stringify(input.plan),
        planHash: planHash(input.plan),
        ...(input.plannedEtag !== undefined ? { plannedEtag: input.plannedEtag } : {}),
        status: 'pending',
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + expiryHours * 3_600_000).toISOString(),
        requestedBy: JSON.stringify(input.requestedBy),
      };
      for (const [key, value] of Object.entries(entity)) {
        if (value.length > MAX_PROPERTY_CHARS) {
          throw new ApprovalError(
            'too-large',
            `the approval's ${key} is ${value.length} characters; Tables keep at most ${MAX_PROPERTY_CHARS}`,
          );
        }
      }
      await table.createEntity(entity);
      const created = await get(id);
      if (!created) throw new ApprovalError('not-found', `approval ${id} was not stored`);
      return created;
    },
    async decide(id, { decision, principal, reason, now }) {
      const current = await pendingOrThrow(id, now);
      return transition(current, {
        status: decision,
        decidedById: principal.id,
        decidedByName: principal.name,
        decidedAt: now.toISOString(),
        ...(reason ? { reason } : {}),
      });
    },
    async supersede(id, byId, now) {
      const current = await pendingOrThrow(id, now);
      return transition(current, {
        status: 'superseded',
        supersededBy: byId,
        decidedAt: now.toISOString(),
      });
    },
  };
}

function fromEntity(raw: unknown): Approval {
  const parsed = entitySchema.safeParse(raw);
  if (!parsed.success) {
    throw new ApprovalError(
      'invalid-entity',
      `a stored approval is malformed: ${parsed.error.message}`,
    );
  }
  const e = parsed.data;
  const approval: Approval = {
    id: e.rowKey,
    etag: e.etag,
    fingerprint: e.fingerprint,
    ruleId: e.ruleId as Approval['ruleId'],
    resourceId: e.resourceId,
    finding: e.finding as Finding,
    rule: e.rule,
    plan: e.plan as ActionPlan,
    planHash: e.planHash,
    status: e.status,
    createdAt: e.createdAt,
    expiresAt: e.expiresAt,
    requestedBy: e.requestedBy as Approval['requestedBy'],
  };
  if (e.plannedEtag !== undefined) approval.plannedEtag = e.plannedEtag;
  if (e.decidedById !== undefined) {
    approval.decidedBy = { id: e.decidedById, name: e.decidedByName ?? e.decidedById };
  }
  if (e.decidedAt !== undefined) approval.decidedAt = e.decidedAt;
  if (e.reason !== undefined) approval.reason = e.reason;
  if (e.supersededBy !== undefined) approval.supersededBy = e.supersededBy;
  return approval;
}

/** Keeps the stored finding within a Table property: evidence is shortened until it fits. */
function compactFinding(finding: Finding): Finding {
  const steps: [items: number, chars: number][] = [
    [50, 2000],
    [25, 1000],
    [20, 500],
    [10, 200],
    [5, 100],
  ];
  let compact = finding;
  for (const [items, chars] of steps) {
    compact = shorten(finding, items, chars);
    if (JSON.stringify(compact).length <= MAX_PROPERTY_CHARS) return compact;
  }
  return compact;
}

function shorten(finding: Finding, maxItems: number, maxChars: number): Finding {
  const evidence: Evidence[] = finding.evidence.slice(0, maxItems).map((item) => {
    const text = jsonText(item.actual);
    if (text.length <= maxChars) return item;
    return {
      ...item,
      actual: `${text.slice(0, maxChars)}… truncated (${text.length - maxChars} more characters)`,
    };
  });
  const dropped = finding.evidence.length - evidence.length;
  if (dropped > 0)
    evidence.push({ path: '…', actual: `truncated (${dropped} more)`, expected: '' });
  return { ...finding, evidence };
}
export { fromEntity as approvalFromEntity, PARTITION as APPROVAL_PARTITION };
