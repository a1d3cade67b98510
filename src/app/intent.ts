import type { ActionPlan } from '../actions/types';
import { changesInPlace } from '../execute/changes-in-place';
import type { Snapshot } from '../domain';
import type { LedgerEntry } from '../store';
import type { IntentMark, IntentMarkKey } from '../store/intent-marks';
import { remediationAppliedCard } from '../notify/cards/remediation-applied';
import type { WardContext } from './context';
import { errorText } from './errors';
import { followUpFields, type FindingWork } from './finding-work';
import { sendCard } from './notify';
import { checkpoint } from './reliability';
import { boundedBody, parseRemediationRecord, remediationRecord } from './remediation-record';

function markKeyOf(work: Pick<FindingWork, 'ids' | 'finding'>, actionId: string): IntentMarkKey {
  return { eventId: work.ids.eventId, fingerprint: work.finding.fingerprint, actionId };
}

/**
 * The write's outcome is in the ledger: its mark goes. A mark left behind (storage failed here)
 * costs the next handling of the resource one look at the ledger, which then removes it.
 */
export async function clearIntentMark(
  work: Pick<FindingWork, 'ctx' | 'ids' | 'finding' | 'log'>,
  actionId: string,
): Promise<void> {
  try {
    await work.ctx.intentMarks.unmark(work.finding.resourceId, markKeyOf(work, actionId));
  } catch (error) {
    work.log.warn({ error: errorText(error) }, 'intent mark not removed; the next handling does');
  }
}

/**
 * Records what ward is about to write, with the state before, ahead of the write: a crash during
 * or after the write leaves this entry, and the next handling of the resource settles it.
 */
export async function writeIntent(
  work: FindingWork,
  plan: ActionPlan,
  before: unknown,
): Promise<void> {
  const { ctx } = work;
  await work.claim.hold();
  // The mark goes first: a crash between the two leaves a mark without an intent, which the
  // next handling drops; the other order could leave an intent nothing ever looks for.
  await ctx.intentMarks.mark(work.finding.resourceId, markKeyOf(work, plan.actionId), ctx.now());
  await ctx.ledger.append({
    kind: 'intent',
    outcome: 'pending',
    ...followUpFields(work, plan.actionId),
    principal: ctx.principalId,
    summary: `about to ${plan.summary}`,
    ...(before !== undefined ? { before: boundedBody(before) } : {}),
    after: remediationRecord(plan, {}, undefined),
  });
  await checkpoint(ctx, 'intent');
}

function isIntent(entry: LedgerEntry): boolean {
  return entry.kind === 'intent';
}

/** A later action entry of the same event, finding and action ends an intent. */
function settles(entry: LedgerEntry, intent: LedgerEntry): boolean {
  return (
    entry.kind === 'action' &&
    entry.id > intent.id &&
    entry.eventId === intent.eventId &&
    entry.fingerprint === intent.fingerprint &&
    entry.actionId === intent.actionId
  );
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function bodyOf(snapshot: Snapshot): unknown {
  return snapshot.subject.kind === 'arm' ? snapshot.subject.resource : snapshot.subject.secret;
}

/**
 * Settles the intents a crashed handling left on this resource: a re-read shows whether the
 * write took effect. In place → the action is recorded `succeeded` with its state before (undo
 * works) and announced; not in place → `skipped`, and the handling that follows judges again.
 * An intent of another event still leased by a live handler is left to it.
 */
export async function recoverIntents(
  ctx: WardContext,
  resourceId: string,
  eventId: string,
  log: WardContext['logger'],
): Promise<void> {
  const marks = await ctx.intentMarks.list(resourceId);
  if (marks.length === 0) return;
  // The caller holds its own event's lease; another event's live lease means a live handler.
  const leased = new Map<string, boolean>();
  const liveElsewhere = async (other: string | undefined): Promise<boolean> => {
    if (other === undefined || other === eventId) return false;
    let live = leased.get(other);
    if (live === undefined) {
      live = (await ctx.dedupe.eventState(other, ctx.now())) === 'leased';
      leased.set(other, live);
    }
    return live;
  };
  const ended: IntentMark[] = [];
  for (const mark of marks) if (!(await liveElsewhere(mark.eventId))) ended.push(mark);
  if (ended.length === 0) return;
  const entries = await ctx.ledger.listByResource(resourceId);
  const open = entries.filter(
    (entry) => isIntent(entry) && !entries.some((other) => settles(other, entry)),
  );
  for (const intent of open) {
    if (await liveElsewhere(intent.eventId)) continue;
    const record = parseRemediationRecord(intent.afterTruncated ? undefined : intent.after);
    const action = record ? ctx.actions(record.plan.actionId) : undefined;
    if (!record || !action) continue;
    const read = await ctx.read(record.plan.resourceId);
    const inPlace = read.kind !== 'gone' && changesInPlace(action, record.plan, read.snapshot);
    const before = intent.beforeTruncated ? undefined : parseJson(intent.before);
    const settled = await ctx.ledger.append({
      kind: 'action',
      outcome: inPlace ? 'succeeded' : 'skipped',
      ...(intent.eventId !== undefined ? { eventId: intent.eventId } : {}),
      ...(intent.invocationId !== undefined ? { invocationId: intent.invocationId } : {}),
      ...(intent.correlationId !== undefined ? { correlationId: intent.correlationId } : {}),
      resourceId: intent.resourceId ?? record.plan.resourceId,
      ...(intent.ruleId !== undefined ? { ruleId: intent.ruleId } : {}),
      ...(intent.fingerprint !== undefined ? { fingerprint: intent.fingerprint } : {}),
      actionId: record.plan.actionId,
      ...(intent.relatedId !== undefined ? { relatedId: intent.relatedId } : {}),
      principal: ctx.principalId,
      summary: inPlace
        ? `succeeded: recovered after an interrupted handling, a re-read shows the change in place: ${record.plan.summary}`
        : read.kind === 'gone'
          ? 'skipped: an interrupted handling left an intent, and the resource no longer exists'
          : 'skipped: an interrupted handling stopped before its change took effect; the resource is judged again',
      ...(before !== undefined ? { before } : {}),
      ...(inPlace
        ? { after: remediationRecord(record.plan, record.applied, bodyOf(read.snapshot)) }
        : { after: { plan: record.plan } }),
    });
    entries.push(settled);
    log.warn(
      { intentId: intent.id, ledgerId: settled.id, inPlace },
      'interrupted remediation settled by re-reading',
    );
    if (!inPlace || intent.ruleId === undefined || intent.fingerprint === undefined) continue;
    ctx.hub.count('remediated');
    try {
      await ctx.guardrails.recordFix(intent.ruleId, record.plan.resourceId, ctx.now());
    } catch (error) {
      log.error({ error: errorText(error) }, 'fix could not be recorded for flap detection');
    }
    const rule = ctx.registry.get(intent.ruleId);
    await sendCard(
      ctx,
      remediationAppliedCard({
        finding: {
          ruleId: intent.ruleId,
          resourceId: record.plan.resourceId,
          fingerprint: intent.fingerprint,
          resourceType: record.plan.resourceType,
          severity: rule.metadata.severity,
          message: record.plan.summary,
          evidence: [],
          evaluatedAt: intent.createdAt,
        },
        ruleTitle: rule.metadata.title,
        actionId: record.plan.actionId,
        changes: record.plan.changes,
        ledgerId: settled.id,
        ...(ctx.undoCommand ? { undoCommand: ctx.undoCommand } : {}),
        appliedAt: intent.createdAt,
      }),
      'remediation-applied',
    );
  }
  // Every write these marks name is settled now, or was never made (a crash before its intent).
  for (const mark of ended) await ctx.intentMarks.unmark(resourceId, mark);
}

/** A decision already recorded for this event and finding (a redelivery after a crash). */
export async function priorDecisionId(
  ctx: WardContext,
  eventId: string,
  resourceId: string,
  fingerprint: string,
): Promise<string | undefined> {
  const entries = await ctx.ledger.listByResource(resourceId);
  return entries.find(
    (entry) =>
      entry.kind === 'decision' && entry.eventId === eventId && entry.fingerprint === fingerprint,
  )?.id;
}
