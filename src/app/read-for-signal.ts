import type { Logger } from 'pino';
import { effectiveMode } from '../decide';
import type { ChangeSignal, ResourcePayload, RuleResult } from '../domain';
import { evaluateSnapshot } from '../engine/evaluate';
import {
  hasPath,
  PAYLOAD_COVERAGE,
  payloadBodySnapshot,
  unsettledPaths,
  withRelated,
} from '../readers';
import type { ReadResult } from '../readers';
import type { WardContext } from './context';
import { cacheFor, rememberRead } from './related-cache-use';
import { scopeOf } from './scope';
import type { ResourceScope } from './scope';

/**
 * Whether deciding on a failing rule can lead to a write here: not in a dry run, and only in
 * the modes that change things. (Guardrails and exemptions only ever turn a change into less.)
 * A secret whose vault cannot be placed is treated as writable: its decision is not known yet.
 */
async function mayWrite(
  ctx: WardContext,
  result: RuleResult,
  scope: () => Promise<ResourceScope>,
): Promise<boolean> {
  if (ctx.policy.dryRun) return false;
  const { scopeId } = await scope();
  if (scopeId === undefined) return true;
  const rule = ctx.registry.get(result.ruleId);
  const mode = effectiveMode(result.ruleId, scopeId, ctx.policy, rule.metadata.defaultMode);
  return mode === 'auto' || mode === 'approve';
}

/**
 * Why a payload's judgement cannot stand for one rule, or undefined when it can. A failing
 * rule whose remediation action may run is read again: the plan of a write needs the
 * provider's etag and the body at the pinned api-version. Any other rule that does not pass
 * stands only when the payload holds everything the rule reads (an ARM list's item always
 * does: it is ARM's body at the pinned api-version).
 */
async function readReason(
  ctx: WardContext,
  scope: () => Promise<ResourceScope>,
  result: RuleResult,
  payload: ResourcePayload,
  body: Readonly<Record<string, unknown>>,
): Promise<string | undefined> {
  if (result.status === 'pass' || result.status === 'skip') return undefined;
  const rule = ctx.registry.get(result.ruleId);
  // A rule judging related data only (diagnostic settings) plans its fix from that data.
  const bodyFree = PAYLOAD_COVERAGE[result.ruleId]?.length === 0;
  if (
    result.status === 'fail' &&
    rule.metadata.remedy.actionId !== 'none' &&
    !bodyFree &&
    (await mayWrite(ctx, result, scope))
  ) {
    return `${result.ruleId} fails and its fix is planned from a read`;
  }
  if (payload.origin === 'arm-list') return undefined;
  const unsettled = unsettledPaths(result.ruleId, body, payload.apiVersion, (path) =>
    hasPath(body, path),
  );
  return unsettled.length > 0
    ? `${result.ruleId} reads what the payload does not settle: ${unsettled.join(', ')}`
    : undefined;
}

/**
 * The state a signal is judged on. A Deleted event needs no read. A payload (an ARN event's
 * body, a Resource Graph row) is judged as it is when it settles every rule that does not pass,
 * with only the related data read beside it; otherwise, and for signals without a payload,
 * the resource is read through ARM at the pinned api-version.
 */
export async function readForSignal(
  ctx: WardContext,
  signal: ChangeSignal,
  log: Logger,
): Promise<ReadResult> {
  if (signal.deleted) {
    const gone: ReadResult = { kind: 'gone', resourceId: signal.resourceId };
    await rememberRead(ctx, gone);
    return gone;
  }
  const fresh = async (): Promise<ReadResult> => {
    const read = await ctx.read(signal.resourceId);
    await rememberRead(ctx, read);
    return read;
  };
  const payload = signal.payload;
  if (!payload) return fresh();
  const snapshot = payloadBodySnapshot(payload, signal.resourceId);
  if (!snapshot) return fresh();
  const body = snapshot.subject.kind === 'arm' ? snapshot.subject.resource : {};
  // Related data first: a rule that reads it (a workspace's connections, diagnostic settings)
  // would fail on the body alone and send every such resource to a read.
  const judged = await withRelated(
    snapshot,
    { clients: ctx.clients, now: () => ctx.now() },
    cacheFor(ctx, signal),
  );
  if (judged.kind !== 'snapshot') return fresh();
  const results = evaluateSnapshot(ctx.registry, judged.snapshot, ctx.evaluationContext());
  // The scope decides the mode; found once, and only when a failing rule has a fix.
  let scope: Promise<ResourceScope> | undefined;
  const scopeOnce = (): Promise<ResourceScope> => (scope ??= scopeOf(ctx, judged.snapshot, signal));
  const reasons: string[] = [];
  for (const result of results) {
    const reason = await readReason(ctx, scopeOnce, result, payload, body);
    if (reason !== undefined) reasons.push(reason);
  }
  if (reasons.length > 0) {
    log.info({ judgedFrom: 'read', origin: payload.origin, reasons }, 'payload not enough');
    return fresh();
  }
  ctx.hub.count('fromPayload');
  log.debug({ judgedFrom: payload.origin, apiVersion: payload.apiVersion }, 'judged from payload');
  return judged;
}
