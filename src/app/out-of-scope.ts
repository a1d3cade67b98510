import { parseResourceId } from '../azure/resource-id';
import type { ChangeSignal, Decision } from '../domain';
import type { WardContext } from './context';
import type { SignalTally } from './finding-work';
import { correlationFields, type Correlation } from './notify';
import type { ResourceScope } from './scope';

function watched(ctx: Pick<WardContext, 'subscriptions'>, subscriptionId: string): boolean {
  const id = subscriptionId.toLowerCase();
  return ctx.subscriptions.some((sub) => sub.toLowerCase() === id);
}

/**
 * Why a signal is outside the watched subscriptions, or undefined when it is inside (or cannot
 * be told). ARM ids carry their subscription. A secret event names its vault by URL: the vault
 * gate (`vault-gate.ts`) has already recorded and dropped one whose vault no watched
 * subscription holds, so a secret reaching this check is in scope.
 */
export function outOfScopeReason(
  ctx: Pick<WardContext, 'subscriptions'>,
  signal: Pick<ChangeSignal, 'resourceId'>,
): string | undefined {
  if (/^https:\/\//i.test(signal.resourceId)) return undefined;
  let subscriptionId: string;
  try {
    subscriptionId = parseResourceId(signal.resourceId).subscriptionId;
  } catch {
    return undefined;
  }
  return watched(ctx, subscriptionId)
    ? undefined
    : `subscription ${subscriptionId} is not one ward watches (WARD_SUBSCRIPTIONS)`;
}

/**
 * Out-of-scope signals under the `drop` policy: one ledger entry saying so, and nothing else.
 * Answers true when the signal was dropped.
 */
export async function dropOutOfScope(
  ctx: WardContext,
  signal: ChangeSignal,
  ids: Correlation,
  tally: SignalTally,
  log: WardContext['logger'],
): Promise<boolean> {
  const reason = outOfScopeReason(ctx, signal);
  if (reason === undefined || ctx.policy.outOfScope.action !== 'drop') return false;
  await recordOutOfScope(ctx, signal, ids, tally, log, reason);
  return true;
}

/**
 * The one ledger entry an out-of-scope signal leaves, whichever check found it: the scope check
 * here, or the vault gate that refuses secret events for vaults ARM does not place.
 */
export async function recordOutOfScope(
  ctx: WardContext,
  signal: ChangeSignal,
  ids: Correlation,
  tally: SignalTally,
  log: WardContext['logger'],
  reason: string,
): Promise<void> {
  const entry = await ctx.ledger.append({
    kind: 'decision',
    outcome: 'skipped',
    ...correlationFields(ids),
    resourceId: signal.resourceId,
    verb: 'none',
    ...(signal.principal?.objectId ? { principal: signal.principal.objectId } : {}),
    reasons: [{ code: 'out-of-scope', text: `${reason}: recorded, nothing is changed` }],
    summary: `out of scope: ${reason}`,
  });
  tally.dropped = 'out-of-scope';
  ctx.hub.emit({
    type: 'dropped',
    reason: 'out-of-scope',
    eventId: ids.eventId,
    resourceId: signal.resourceId,
  });
  log.info({ decision: 'out-of-scope', ledgerId: entry.id, reason }, 'out of scope');
}

/**
 * Under the `approve` policy an out-of-scope finding is judged, but a person decides: a change
 * becomes a request for approval, as for a secret whose vault cannot be placed.
 */
export function outOfScopeGuard(
  ctx: Pick<WardContext, 'subscriptions'>,
  decision: Decision,
  scope: ResourceScope,
): Decision {
  if (decision.verb !== 'remediate') return decision;
  if (scope.subscriptionId !== undefined && watched(ctx, scope.subscriptionId)) return decision;
  return {
    ...decision,
    mode: 'approve',
    verb: 'request-approval',
    reasons: [
      ...decision.reasons,
      {
        code: 'out-of-scope',
        text: 'the resource is in no watched subscription: ward asks for approval instead',
      },
    ],
  };
}
