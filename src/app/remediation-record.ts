import { z } from 'zod';
import type { ActionPlan, ApplyResult } from '../actions/types';
import { ACTION_IDS } from '../domain';

/**
 * What an `action` ledger entry keeps in `after`, so `ward undo` can revert it: the plan that
 * was applied, what apply reported, and the body a re-read showed.
 */
export interface RemediationRecord {
  plan: ActionPlan;
  applied: ApplyResult;
  body?: unknown;
}

const planSchema = z.object({
  actionId: z.enum(ACTION_IDS),
  resourceId: z.string().min(1),
  resourceType: z.string().min(1),
  summary: z.string(),
  changes: z.array(
    z.object({
      path: z.string().min(1),
      before: z.unknown().optional(),
      after: z.unknown().optional(),
    }),
  ),
  basisEtag: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()),
});

export const remediationRecordSchema = z.object({
  plan: planSchema,
  applied: z.object({ revertData: z.record(z.string(), z.unknown()).optional() }),
  body: z.unknown().optional(),
});

/** Ledger state text is bounded; a body too large to keep whole is left out, never the plan. */
const MAX_BODY_CHARS = 100_000;

export function remediationRecord(
  plan: ActionPlan,
  applied: ApplyResult,
  body: unknown,
): RemediationRecord {
  const fits = body !== undefined && JSON.stringify(body).length <= MAX_BODY_CHARS;
  return { plan, applied, ...(fits ? { body } : {}) };
}

export function boundedBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  return JSON.stringify(body).length <= MAX_BODY_CHARS ? body : { omitted: 'too large to keep' };
}

/** Parses an `after` text; undefined when it is not a remediation record. */
export function parseRemediationRecord(text: string | undefined): RemediationRecord | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = remediationRecordSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { plan, applied, body } = parsed.data;
  const record: RemediationRecord = {
    plan: {
      actionId: plan.actionId,
      resourceId: plan.resourceId,
      resourceType: plan.resourceType,
      summary: plan.summary,
      changes: plan.changes.map((change) => ({
        path: change.path,
        before: change.before,
        after: change.after,
      })),
      parameters: plan.parameters,
      ...(plan.basisEtag !== undefined ? { basisEtag: plan.basisEtag } : {}),
    },
    applied: applied.revertData !== undefined ? { revertData: applied.revertData } : {},
  };
  if (body !== undefined) record.body = body;
  return record;
}
