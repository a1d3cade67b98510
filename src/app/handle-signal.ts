import type { Logger } from 'pino';
import type { BudgetState } from '../decide';
import type { ActionPlan } from '../actions/types';
import type {
  ChangeSignal,
  Decision,
  DecisionReason,
  Finding,
  RuleResult,
  Snapshot,
} from '../domain';
import { evaluateSnapshot } from '../engine/evaluate';
import { toFinding } from '../engine/fingerprint';
import type { ExemptionRecord } from '../store';
import { announceTagExemption } from './tag-alert';
import { remediate } from './act-remediate';
import { requestApproval } from './act-approval';
import { openTicket, resolveTicket } from './act-ticket';
import type { DropReason } from './activity';
import type { WardContext } from './context';
import { errorText } from './errors';
import type { FindingWork, SignalTally } from './finding-work';
import { emptyTally } from './finding-work';
import { claimHandling, finishClaim } from './event-claim';
import type { SignalClaim } from './event-claim';
import { decideFinding } from './decide-finding';
import { priorDecisionId, recoverIntents } from './intent';
import { dropOutOfScope, outOfScopeGuard, recordOutOfScope } from './out-of-scope';
import { endResourceWork } from './end-resource-work';
import { correlationFields, raiseAlert } from './notify';
import type { AlertRequest, Correlation } from './notify';
import type { InvocationInfo } from './ports';
import { isRetryable } from './ports';
import { readForSignal } from './read-for-signal';
import { scopeOf, watermarkKey } from './scope';
import { dropUnknownVault } from './vault-gate';
import { isSweep, noteSweepFinding, whyOf } from './sweep-items';
import { postHeldCards } from './resource-cards';
import type { ResourceScope } from './scope';

/** The signal ends without a judgement: the tally and the live view say why. */
function dropSignal(
  ctx: WardContext,
  ids: Correlation,
  tally: SignalTally,
  reason: DropReason,
  resourceId: string,
): void {
  tally.dropped = reason;
  ctx.hub.emit({ type: 'dropped', reason, eventId: ids.eventId, resourceId });
}

function sameId(a: string | undefined, b: string): boolean {
  return a?.toLowerCase() === b.toLowerCase();
}

/**
 * ward's own writes raise events too: they are recognised by the principal (its object id, or
 * its application id in the token's `appid` claim) and go no further.
 */
function isOwnWrite(
  signal: ChangeSignal,
  ctx: Pick<WardContext, 'principalId' | 'clientId'>,
): boolean {
  return (
    sameId(signal.principal?.objectId, ctx.principalId) ||
    (ctx.clientId !== undefined && sameId(signal.principal?.appId, ctx.clientId))
  );
}

/** The resource's tags; Azure sends `"tags": null` as often as it leaves them out. */
function tagsOf(snapshot: Snapshot): Record<string, string> | undefined {
  const tags =
    snapshot.subject.kind === 'arm' ? snapshot.subject.resource.tags : snapshot.subject.secret.tags;
  return tags ?? undefined;
}

async function budgetState(ctx: WardContext, scope: ResourceScope): Promise<BudgetState> {
  if (!scope.subscriptionId) return 'unknown';
  try {
    return await ctx.guardrails.current({
      subscriptionId: scope.subscriptionId,
      now: ctx.now(),
      budget: ctx.policy.guardrails.budget,
    });
  } catch {
    return 'unknown';
  }
}

/** Facts the decision needs that are the same for every rule of one snapshot. */
interface SnapshotFacts {
  scope: ResourceScope;
  exemptions: readonly ExemptionRecord[];
  /** Read once, and only when a decision can depend on it. */
  budget: () => Promise<BudgetState>;
  claim: SignalClaim;
}

async function snapshotFacts(
  ctx: WardContext,
  snapshot: Snapshot,
  signal: ChangeSignal,
  claim: SignalClaim,
): Promise<SnapshotFacts> {
  const scope = await scopeOf(ctx, snapshot, signal);
  const exemptions = await ctx.exemptions.listActive(ctx.now());
  let budget: Promise<BudgetState> | undefined;
  return { scope, exemptions, budget: () => (budget ??= budgetState(ctx, scope)), claim };
}

/** A failure to read the fix history is thrown (retryable): no change is judged without it. */
function fixesInWindow(ctx: WardContext, result: RuleResult): Promise<number> {
  const { windowMinutes } = ctx.policy.guardrails.flap;
  return ctx.guardrails.fixesInWindow(result.ruleId, result.resourceId, ctx.now(), windowMinutes);
}

/** A secret whose vault cannot be placed in a scope is never changed without a person. */
function unscopedGuard(decision: Decision, scope: ResourceScope): Decision {
  if (scope.scopeId !== undefined || decision.verb !== 'remediate') return decision;
  const reason: DecisionReason = {
    code: 'protected-scope',
    text: "the secret's vault could not be found in a watched subscription: ward asks for approval instead",
  };
  return {
    ...decision,
    mode: 'approve',
    verb: 'request-approval',
    reasons: [...decision.reasons, reason],
  };
}

/** A guardrail that turned a change into something else is news for the ops channel. */
function trippedAlert(
  decision: Decision,
  finding: Finding,
): Pick<AlertRequest, 'kind' | 'summary'> | undefined {
  const codes = decision.reasons.map((reason) => reason.code);
  if (codes.includes('flapping')) {
    return {
      kind: 'flap-tripped',
      summary: `Something keeps undoing ward's fix of ${finding.ruleId} on ${finding.resourceId}: a ticket is opened instead.`,
    };
  }
  if (codes.includes('budget-exhausted')) {
    const text = decision.reasons.find((reason) => reason.code === 'budget-exhausted')?.text ?? '';
    return {
      kind: 'budget-tripped',
      summary: `${finding.ruleId} on ${finding.resourceId} was not fixed: ${text}.`,
    };
  }
  return undefined;
}

function ledgerOutcome(decision: Decision): 'pending' | 'skipped' {
  if (decision.dryRun) return 'skipped';
  return decision.verb === 'record' || decision.verb === 'none' ? 'skipped' : 'pending';
}

/** Dry run: the plan the fix would apply, for the ledger; nothing is written. */
function dryRunPlan(work: FindingWork): { summary: string; plan?: ActionPlan } | undefined {
  const { ctx, decision, snapshot } = work;
  if (decision.verb !== 'remediate' && decision.verb !== 'request-approval') return undefined;
  const action = decision.actionId ? ctx.actions(decision.actionId) : undefined;
  if (!action) return undefined;
  const planned = action.plan(snapshot, {
    policy: ctx.policy,
    evaluation: ctx.evaluationContext(),
  });
  return planned.ok
    ? { summary: `Dry run: would ${planned.plan.summary}`, plan: planned.plan }
    : { summary: `Dry run: no plan (${planned.reason})` };
}

async function handleFailure(
  ctx: WardContext,
  signal: ChangeSignal,
  ids: Correlation,
  snapshot: Snapshot,
  result: RuleResult,
  facts: SnapshotFacts,
  log: Logger,
  tally: SignalTally,
): Promise<void> {
  const now = ctx.now();
  const finding = toFinding(result, now);
  const rule = ctx.registry.get(result.ruleId);
  const tags = tagsOf(snapshot);
  const judged = unscopedGuard(
    await decideFinding(
      {
        finding,
        rule: rule.metadata,
        policy: ctx.policy,
        activeExemptions: facts.exemptions,
        now,
        ...(tags ? { resourceTags: tags } : {}),
        ...(facts.scope.scopeId ? { scopeId: facts.scope.scopeId } : {}),
        ...(signal.principal ? { changedBy: signal.principal } : {}),
      },
      { budget: facts.budget, fixesInWindow: () => fixesInWindow(ctx, result) },
    ),
    facts.scope,
  );
  const decision = outOfScopeGuard(ctx, judged, facts.scope);
  const work: FindingWork = {
    ctx,
    signal,
    ids,
    snapshot,
    finding,
    rule,
    decision,
    decisionId: '',
    scope: facts.scope,
    log,
    tally,
    claim: facts.claim,
  };
  if (decision.verb === 'none') {
    // The rule is off here: nothing is done, so nothing is recorded beyond a debug line.
    log.debug({ ruleId: finding.ruleId, reasons: decision.reasons.map((r) => r.code) }, 'rule off');
    return;
  }
  const dry = decision.dryRun ? dryRunPlan(work) : undefined;
  // A redelivery after a crash finds its decision recorded: it carries on from there. A first
  // handling of the event has none to find.
  const prior = facts.claim.resumed
    ? await priorDecisionId(ctx, ids.eventId, finding.resourceId, finding.fingerprint)
    : undefined;
  const entry = prior
    ? { id: prior }
    : await ctx.ledger.append({
        kind: 'decision',
        outcome: ledgerOutcome(decision),
        ...correlationFields(ids),
        resourceId: finding.resourceId,
        ruleId: finding.ruleId,
        fingerprint: finding.fingerprint,
        verb: decision.verb,
        mode: decision.mode,
        dryRun: decision.dryRun,
        reasons: decision.reasons,
        ...(decision.actionId ? { actionId: decision.actionId } : {}),
        ...(signal.principal?.objectId ? { principal: signal.principal.objectId } : {}),
        ...(dry?.plan ? { after: { plan: dry.plan } } : {}),
        summary: dry?.summary ?? `${decision.verb}: ${finding.message}`,
      });
  work.decisionId = entry.id;
  tally.findings += 1;
  if (isSweep(signal)) noteSweepFinding(tally, finding, decision, now.toISOString());
  tally.lines.push(
    `${finding.ruleId} ${finding.resourceId} → ${decision.dryRun ? 'dry-run ' : ''}${decision.verb}`,
  );
  ctx.hub.count('findings');
  ctx.hub.emit({
    type: 'decision',
    eventId: ids.eventId,
    resourceId: finding.resourceId,
    ruleId: finding.ruleId,
    verb: decision.verb,
    mode: decision.mode,
    dryRun: decision.dryRun,
    ledgerId: entry.id,
    why: whyOf(decision),
  });
  log.info(
    {
      ruleId: finding.ruleId,
      fingerprint: finding.fingerprint,
      verb: decision.verb,
      mode: decision.mode,
      dryRun: decision.dryRun,
      reasons: decision.reasons.map((reason) => reason.code),
      ledgerId: entry.id,
    },
    'decision',
  );

  if (await announceTagExemption(ctx, decision, finding, signal.source === 'sweep', entry.id, ids))
    tally.alerts += 1;
  const tripped = decision.dryRun ? undefined : trippedAlert(decision, finding);
  if (tripped) {
    tally.alerts += 1;
    await raiseAlert(ctx, { ...tripped, finding, relatedId: entry.id }, ids);
  }

  if (decision.dryRun) {
    ctx.hub.count('dryRun');
    return;
  }
  switch (decision.verb) {
    case 'remediate':
      await remediate(work);
      return;
    case 'request-approval':
      await requestApproval(work);
      return;
    case 'open-ticket':
      await openTicket(work, rule.metadata.remedy.summary);
      return;
    case 'record':
      ctx.hub.count('recorded');
      tally.recorded += 1;
      return;
  }
}

async function handleError(
  ctx: WardContext,
  ids: Correlation,
  result: RuleResult,
  log: Logger,
  tally: SignalTally,
): Promise<void> {
  tally.errors += 1;
  tally.alerts += 1;
  ctx.hub.count('errors');
  const entry = await ctx.ledger.append({
    kind: 'decision',
    outcome: 'failed',
    ...correlationFields(ids),
    resourceId: result.resourceId,
    ruleId: result.ruleId,
    verb: 'none',
    summary: `could not judge, nothing is changed: ${result.message}`,
    error: result.message,
  });
  log.warn(
    { ruleId: result.ruleId, ledgerId: entry.id, problem: result.message },
    'rule could not judge',
  );
  await raiseAlert(
    ctx,
    {
      kind: 'rule-error',
      summary: `${result.ruleId} could not judge ${result.resourceId}, so nothing was changed: ${result.message}`,
      resourceId: result.resourceId,
      ruleId: result.ruleId,
      relatedId: entry.id,
    },
    ids,
  );
}

async function evaluateAndAct(
  ctx: WardContext,
  signal: ChangeSignal,
  ids: Correlation,
  log: Logger,
  tally: SignalTally,
  claim: SignalClaim,
): Promise<void> {
  const read = await readForSignal(ctx, signal, log);
  if (read.kind === 'gone') {
    ctx.hub.count('gone');
    await ctx.ledger.append({
      kind: 'decision',
      outcome: 'skipped',
      ...correlationFields(ids),
      resourceId: read.resourceId,
      verb: 'none',
      summary: 'the resource no longer exists: nothing to judge',
    });
    await endResourceWork(ctx, read.resourceId, ids, log, tally);
    dropSignal(ctx, ids, tally, 'gone', read.resourceId);
    log.info({ decision: 'gone' }, 'resource gone');
    return;
  }
  const { snapshot, warnings } = read;
  if (warnings.length > 0) log.warn({ warnings }, 'related data not read; rules needing it skip');
  const results = evaluateSnapshot(ctx.registry, snapshot, ctx.evaluationContext());
  ctx.hub.count('evaluated');
  tally.evaluated = true;
  // One line per judged resource, also when everything passes: a quiet pass is still visible.
  const rulesWith = (status: string): string[] =>
    results.filter((r) => r.status === status).map((r) => r.ruleId);
  const failing = rulesWith('fail').length + rulesWith('error').length;
  log.info(
    {
      decision: 'judged',
      pass: rulesWith('pass'),
      fail: rulesWith('fail'),
      skip: rulesWith('skip'),
      error: rulesWith('error'),
    },
    failing === 0 ? 'judged: every rule passes or skips' : 'judged',
  );
  let facts: SnapshotFacts | undefined;
  for (const result of results) {
    if (result.status === 'fail') {
      facts ??= await snapshotFacts(ctx, snapshot, signal, claim);
      await handleFailure(ctx, signal, ids, snapshot, result, facts, log, tally);
    } else if (result.status === 'error') {
      await handleError(ctx, ids, result, log, tally);
    }
  }
  // Each passing rule looks up its own ticket (one Tables read each, most find none): at once.
  await Promise.all(
    results.flatMap((result) =>
      result.status === 'pass'
        ? [
            resolveTicket(
              { ctx, ids, log, tally },
              toFinding(result, ctx.now()).fingerprint,
              result.resourceId,
              result.ruleId,
            ),
          ]
        : [],
    ),
  );
  // A Resource Graph row has no time of its own, and a list's item stands for the sweep's own
  // view: neither moves the watermark.
  if (snapshot.judgedFrom !== 'resource-graph' && snapshot.judgedFrom !== 'arm-list')
    await ctx.dedupe.recordEvaluated(
      watermarkKey(snapshot.resourceId),
      snapshot.readAt ?? ctx.now(),
    );
}

/**
 * A change signal end to end: loop guard → dedupe → coalesce → read → evaluate → decide → act
 * → record. Throws with `retryable` when Event Grid should deliver the event again.
 */
export async function handleSignalWith(
  ctx: WardContext,
  signal: ChangeSignal,
  invocation: InvocationInfo,
): Promise<SignalTally> {
  const tally = emptyTally();
  const ids: Correlation = {
    eventId: signal.eventId,
    invocationId: invocation.invocationId,
    ...(signal.correlationId !== undefined ? { correlationId: signal.correlationId } : {}),
  };
  const log = ctx.logger.child({ ...ids, resourceId: signal.resourceId });
  ctx.hub.count('signals');

  if (isOwnWrite(signal, ctx)) {
    ctx.hub.count('ownWrites');
    const entry = await ctx.ledger.append({
      kind: 'decision',
      outcome: 'skipped',
      ...correlationFields(ids),
      resourceId: signal.resourceId,
      verb: 'none',
      principal: ctx.principalId,
      reasons: [
        {
          code: 'own-change',
          text: "the change came from ward's own identity: it is recorded and starts no other change",
        },
      ],
      summary: `own write${signal.operationName ? ` (${signal.operationName})` : ''}: not evaluated again`,
    });
    dropSignal(ctx, ids, tally, 'own-write', signal.resourceId);
    log.info({ decision: 'own-write', ledgerId: entry.id }, 'own write');
    return tally;
  }

  if (await dropUnknownVault(ctx.vaults, signal, log)) {
    await recordOutOfScope(
      ctx,
      signal,
      ids,
      tally,
      log,
      'the vault is in no subscription ward watches (WARD_SUBSCRIPTIONS), by its ARM vaultUri',
    );
    return tally;
  }

  const claim = await claimHandling(ctx, signal, log);
  if (!claim) {
    ctx.hub.count('duplicates');
    dropSignal(ctx, ids, tally, 'duplicate', signal.resourceId);
    log.info({ decision: 'duplicate' }, 'event already handled');
    return tally;
  }
  const finish = async (how: 'done' | 'release'): Promise<void> => {
    if (claim.held) await finishClaim(ctx, signal.eventId, how, log);
  };
  try {
    if (await dropOutOfScope(ctx, signal, ids, tally, log)) {
      await finish('done');
      return tally;
    }
    const key = watermarkKey(signal.resourceId).toLowerCase();
    await ctx.locks.run(key, async () => {
      await recoverIntents(ctx, watermarkKey(signal.resourceId), signal.eventId, log);
      if (!(await ctx.dedupe.shouldEvaluate(watermarkKey(signal.resourceId), signal.eventTime))) {
        ctx.hub.count('coalesced');
        dropSignal(ctx, ids, tally, 'coalesced', signal.resourceId);
        log.info(
          { decision: 'coalesced', eventTime: signal.eventTime },
          'resource already evaluated after this event',
        );
        return;
      }
      // Cards about the resource from this handling are posted together (resource-cards.ts).
      const held = (tally.cards = []);
      try {
        await evaluateAndAct(ctx, signal, ids, log, tally, claim);
      } finally {
        await postHeldCards(ctx, held);
      }
    });
    await finish('done');
    return tally;
  } catch (error) {
    const retryable = isRetryable(error);
    log.error({ error: errorText(error), retryable }, 'signal failed');
    // The id was claimed before the work that failed: free it so the redelivery is handled,
    // or close it when no redelivery can help.
    await finish(retryable ? 'release' : 'done');
    throw error;
  }
}
