import { parseResourceId } from '../azure/resource-id';
import type { ChangeSignal, Decision } from '../domain';
import { parseSecretId } from '../readers';
import type { WardContext } from './context';
import { errorText } from './errors';
import type { SignalTally } from './finding-work';
import { correlationFields, type Correlation } from './notify';
import type { ResourceScope } from './scope';

/**
 * Why a signal is out of scope, and whether ward could read it at all: a secret is read through
 * its vault's ARM id, which ward finds only in watched subscriptions, so an out-of-scope secret
 * is dropped under either policy.
 */
export interface OutOfScope {
  reason: string;
  readable: boolean;
}

function watched(ctx: Pick<WardContext, 'subscriptions'>, subscriptionId: string): boolean {
  const id = subscriptionId.toLowerCase();
  return ctx.subscriptions.some((sub) => sub.toLowerCase() === id);
}

/**
 * Why a signal is outside the watched subscriptions, or undefined when it is inside (or cannot
 * be told: a vault lookup that failed is judged as before, and an unscoped secret goes to
 * approval). ARM ids carry their subscription; a secret is placed by its vault, found in ARM.
 */
export async function outOfScopeReason(
  ctx: WardContext,
  signal: Pick<ChangeSignal, 'resourceId'>,
): Promise<OutOfScope | undefined> {
  if (!/^https:\/\//i.test(signal.resourceId)) {
    let subscriptionId: string;
    try {
      subscriptionId = parseResourceId(signal.resourceId).subscriptionId;
    } catch {
      return undefined;
    }
    return watched(ctx, subscriptionId)
      ? undefined
      : {
          reason: `subscription ${subscriptionId} is not one ward watches (WARD_SUBSCRIPTIONS)`,
          readable: true,
        };
  }
  let vaultUrl: string;
  try {
    vaultUrl = parseSecretId(signal.resourceId).vaultUrl;
  } catch {
    return undefined;
  }
  try {
    const vaultId = await ctx.vaults.resolve(vaultUrl);
    return vaultId === undefined
      ? {
          reason: `the vault ${vaultUrl} is in no subscription ward watches (WARD_SUBSCRIPTIONS)`,
          readable: false,
        }
      : undefined;
  } catch (error) {
    ctx.logger.warn(
      { vaultUrl, error: errorText(error) },
      'vault not resolved for the scope check',
    );
    return undefined;
  }
}

/**
 * Out-of-scope signals under the `drop` policy (and secrets ward cannot read under either): one
 * ledger entry saying so, and nothing else. Answers true when the signal was dropped.
 */
export async function dropOutOfScope(
  ctx: WardContext,
  signal: ChangeSignal,
  ids: Correlation,
  tally: SignalTally,
  log: WardContext['logger'],
): Promise<boolean> {
  const found = await outOfScopeReason(ctx, signal);
  if (found === undefined) return false;
  if (ctx.policy.outOfScope.action !== 'drop' && found.readable) return false;
  await recordOutOfScope(ctx, signal, ids, tally, log, found.reason);
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
