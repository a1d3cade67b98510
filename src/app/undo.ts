import { isDeepStrictEqual } from 'node:util';
import type { PropertyChange, RemediationAction } from '../actions/types';
import type { RuleId, Snapshot } from '../domain';
import { readPath } from '../rules/paths';
import type { WardContext } from './context';
import { errorText } from './errors';
import { raiseAlert } from './notify';
import { parseRemediationRecord } from './remediation-record';
import { exemptionScopeOf } from './scope';
import { UndoError } from './undo-types';
import type { UndoReport } from './undo-types';

const UNDO_EVENT = 'undo:';

/**
 * A change whose outcome a re-read could not settle keeps its state before, so it can be undone
 * like one that succeeded; the drift check below refuses when ward's values are not in place.
 */
const UNDOABLE_OUTCOMES = new Set(['succeeded', 'unknown']);

function same(a: unknown, b: unknown): boolean {
  // ARM answers null and absent alike.
  return isDeepStrictEqual(a ?? undefined, b ?? undefined);
}

function show(value: unknown): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

function subjectOf(snapshot: Snapshot): unknown {
  return snapshot.subject.kind === 'arm' ? snapshot.subject.resource : snapshot.subject.secret;
}

/**
 * A change's value on a snapshot, as the plan records it: the action knows where paths such as
 * `related.diagnosticSettings` live (the snapshot's related data, not the body).
 */
type Observe = (snapshot: Snapshot, path: string) => unknown;

function observer(action: Pick<RemediationAction, 'observe'>): Observe {
  const { observe } = action;
  return observe
    ? (snapshot, path) => observe(snapshot, path)
    : (snapshot, path) => readPath(subjectOf(snapshot), path);
}

/** Where the resource no longer holds what ward set, undoing would overwrite someone's change. */
function drifted(changes: readonly PropertyChange[], snapshot: Snapshot, read: Observe): string[] {
  return changes
    .filter((change) => !same(read(snapshot, change.path), change.after))
    .map(
      (change) =>
        `${change.path} is ${show(read(snapshot, change.path))}, ward left ${JSON.stringify(change.after)}`,
    );
}

/**
 * Restored means each property is back to its value before; a property that was absent (a
 * PATCH cannot remove it again) counts as restored once it no longer holds ward's value.
 */
function notRestored(
  changes: readonly PropertyChange[],
  snapshot: Snapshot,
  read: Observe,
): string[] {
  return changes
    .filter((change) => {
      const now = read(snapshot, change.path);
      return change.before === undefined ? same(now, change.after) : !same(now, change.before);
    })
    .map((change) => `${change.path} is ${show(read(snapshot, change.path))}`);
}

/**
 * Without an exemption the next event or sweep would apply the undone fix again; the undo is
 * a person's decision, so it is kept for a while and says who made it.
 */
async function exemptAfterUndo(
  ctx: WardContext,
  ruleId: RuleId | undefined,
  resourceId: string,
  ledgerId: string,
  actor: string,
): Promise<{ id: string; expires: string } | undefined> {
  if (ruleId === undefined || ctx.undoExemptionDays <= 0) return undefined;
  const now = ctx.now();
  try {
    const record = await ctx.exemptions.add(
      {
        ruleId,
        scope: await exemptionScopeOf(ctx, resourceId),
        reason: `undone by ${actor} (ward undo ${ledgerId})`,
        expires: new Date(now.getTime() + ctx.undoExemptionDays * 86_400_000).toISOString(),
        createdBy: actor,
      },
      now,
    );
    return { id: record.id, expires: record.expires };
  } catch (error) {
    ctx.logger.error(
      { resourceId, ruleId, error: errorText(error) },
      'undo done, but no exemption could be recorded: the fix may be applied again',
    );
    return undefined;
  }
}

/**
 * `ward undo <ledger-id>`: reverts a remediation that succeeded, when its action is reversible
 * and the resource still holds the values ward left; verifies the values before by re-reading.
 */
export async function undoWith(
  ctx: WardContext,
  ledgerId: string,
  actor: string,
): Promise<UndoReport> {
  const entry = await ctx.ledger.get(ledgerId);
  if (!entry) throw new UndoError('undo-not-found', `No ledger entry ${ledgerId}.`);
  if (
    entry.kind !== 'action' ||
    !UNDOABLE_OUTCOMES.has(entry.outcome) ||
    entry.eventId?.startsWith(UNDO_EVENT)
  ) {
    throw new UndoError(
      'undo-not-an-action',
      `Ledger entry ${ledgerId} is ${entry.kind === 'action' ? `an action that ${entry.eventId?.startsWith(UNDO_EVENT) ? 'undid another' : `ended ${entry.outcome}`}` : `a ${entry.kind} entry`}; only a remediation that succeeded (or whose outcome is unknown) can be undone.`,
    );
  }
  if (entry.afterTruncated) {
    throw new UndoError(
      'undo-record-incomplete',
      `Ledger entry ${ledgerId} was too large to keep whole; its plan cannot be read.`,
    );
  }
  const record = parseRemediationRecord(entry.after);
  if (!record) {
    throw new UndoError(
      'undo-record-incomplete',
      `Ledger entry ${ledgerId} holds no remediation plan ward can read.`,
    );
  }
  const { plan, applied } = record;
  const action = ctx.actions(plan.actionId);
  if (!action?.reversible || !action.revert) {
    throw new UndoError(
      'undo-not-reversible',
      `${plan.actionId} cannot be undone${action ? `: ${action.revertSummary}` : ' (no such action in this version)'}.`,
    );
  }
  const history = await ctx.ledger.listByResource(plan.resourceId);
  const earlier = history.find(
    (item) => item.eventId === `${UNDO_EVENT}${ledgerId}` && item.outcome === 'succeeded',
  );
  if (earlier) {
    throw new UndoError(
      'undo-already-undone',
      `Ledger entry ${ledgerId} was already undone by ${earlier.id}.`,
    );
  }

  const current = await ctx.read(plan.resourceId);
  if (current.kind === 'gone') {
    throw new UndoError('undo-resource-gone', `${plan.resourceId} no longer exists.`);
  }
  const read = observer(action);
  const drift = drifted(plan.changes, current.snapshot, read);
  if (drift.length > 0) {
    throw new UndoError(
      'undo-state-changed',
      `${plan.resourceId} changed since ward fixed it (${drift.join('; ')}); undoing would overwrite that change.`,
    );
  }

  const base = {
    eventId: `${UNDO_EVENT}${ledgerId}`,
    invocationId: `undo-${ctx.now().getTime()}`,
    resourceId: plan.resourceId,
    fingerprint: entry.fingerprint,
    actionId: plan.actionId,
    relatedId: ledgerId,
    principal: actor,
    ...(entry.ruleId ? { ruleId: entry.ruleId } : {}),
  };
  const fail = async (
    code: 'undo-failed' | 'undo-verify-failed',
    detail: string,
  ): Promise<never> => {
    const failed = await ctx.ledger.append({
      kind: 'action',
      outcome: 'failed',
      ...base,
      before: subjectOf(current.snapshot),
      summary: `undo of ${ledgerId} by ${actor} failed: ${detail}`,
      error: detail,
    });
    await raiseAlert(ctx, {
      kind: code === 'undo-verify-failed' ? 'failed-verify' : 'failed-remediation',
      summary: `Undo of ${ledgerId} (${plan.actionId} on ${plan.resourceId}) by ${actor} failed: ${detail}`,
      resourceId: plan.resourceId,
      ...(entry.ruleId ? { ruleId: entry.ruleId } : {}),
      relatedId: failed.id,
    });
    throw new UndoError(code, `Undo of ${ledgerId} failed: ${detail}`, failed.id);
  };

  try {
    await action.revert(plan, applied, ctx.actionDeps);
  } catch (error) {
    return fail('undo-failed', errorText(error));
  }

  let after: Snapshot | undefined;
  let problems: string[] = ['not read'];
  for (let attempt = 0; attempt < Math.max(1, ctx.verify.attempts); attempt += 1) {
    if (attempt > 0) await ctx.sleep(ctx.verify.delayMs);
    const reread = await ctx.read(plan.resourceId);
    if (reread.kind === 'gone') {
      problems = ['the resource is gone'];
      continue;
    }
    after = reread.snapshot;
    problems = notRestored(plan.changes, after, read);
    if (problems.length === 0) break;
  }
  if (!after || problems.length > 0) {
    return fail(
      'undo-verify-failed',
      `a re-read does not show the values before: ${problems.join('; ')}`,
    );
  }
  const restored: PropertyChange[] = plan.changes.map((change) => ({
    path: change.path,
    before: change.after,
    after: read(after, change.path),
  }));
  const exemption = await exemptAfterUndo(ctx, entry.ruleId, plan.resourceId, ledgerId, actor);
  const done = await ctx.ledger.append({
    kind: 'action',
    outcome: 'succeeded',
    ...base,
    before: subjectOf(current.snapshot),
    after: subjectOf(after),
    summary:
      `undo of ${ledgerId} by ${actor}: ${action.revertSummary}` +
      (exemption ? ` Exempt from ${entry.ruleId ?? 'the rule'} until ${exemption.expires}.` : ''),
  });
  ctx.hub.count('undone');
  ctx.hub.emit({
    type: 'undo',
    ledgerId: done.id,
    undoneId: ledgerId,
    resourceId: plan.resourceId,
  });
  ctx.logger.info(
    { ledgerId: done.id, undoneId: ledgerId, resourceId: plan.resourceId, actor },
    'undo',
  );
  return {
    ledgerId: done.id,
    undoneId: ledgerId,
    resourceId: plan.resourceId,
    actionId: plan.actionId,
    restored,
    ...(exemption ? { exemption } : {}),
  };
}
