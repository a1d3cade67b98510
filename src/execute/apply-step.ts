import { ActionError } from '../actions/errors';
import type { ActionPlan, ApplyResult, RemediationAction } from '../actions/types';
import { changesInPlace, provisioningStateOf } from './changes-in-place';
import { isTransientFailure } from './transient';
import type { ExecutionOutcome, ExecutorDeps } from './types';

/** Writes kept failing transiently for the whole budget: Event Grid delivers the event again. */
export class TransientWriteError extends Error {
  override readonly name = 'TransientWriteError';
  readonly retryable = true;
  readonly code = 'write-transient';
}

/** How a write ended when it did not simply succeed: the executor's report, in short. */
export interface ApplyEnd {
  outcome: Extract<ExecutionOutcome, 'failed' | 'refused-by-network' | 'gone' | 'unknown'>;
  detail: string;
  alert: boolean;
}

export type ApplyStepResult =
  { kind: 'applied'; applied: ApplyResult; note?: string } | { kind: 'ended'; end: ApplyEnd };

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

const SETTLED = new Set(['succeeded']);

/**
 * The write, and what to believe when its answer is a failure. A failed answer does not prove
 * nothing changed (the operation's polling can fail after ARM accepted the write, a connection
 * can reset after the write landed), so ward re-reads:
 * - the values are in place and the provisioning state settled → applied (verify follows);
 * - in place but the state is not settled (Updating, Failed) → unknown, with an alert;
 * - not in place, the resource still as planned, the failure transient → write again after a
 *   backoff (the precondition was just re-checked), up to the attempts; then throw
 *   TransientWriteError so the delivery is retried;
 * - not in place and the resource moved elsewhere → unknown, with an alert;
 * - not in place and the failure permanent → failed, with an alert.
 */
export async function applyStep<ActionDeps>(
  action: RemediationAction<ActionDeps>,
  plan: ActionPlan,
  deps: ExecutorDeps<ActionDeps>,
): Promise<ApplyStepResult> {
  const retry = deps.writeRetry ?? { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 };
  const attempts = Math.max(1, retry.attempts);
  for (let attempt = 1; ; attempt += 1) {
    let cause: unknown;
    try {
      return { kind: 'applied', applied: await action.apply(plan, deps.actionDeps) };
    } catch (error) {
      cause = error;
    }
    // Sending it again from the same network cannot help: the caller routes it to people.
    if (cause instanceof ActionError && cause.code === 'network-refused') {
      return {
        kind: 'ended',
        end: { outcome: 'refused-by-network', detail: cause.message, alert: false },
      };
    }
    const failure = errorText(cause);
    const fresh = await deps.read(plan.resourceId);
    if (fresh.kind === 'gone') {
      return {
        kind: 'ended',
        end: {
          outcome: 'gone',
          detail: `The resource no longer exists (${failure}).`,
          alert: false,
        },
      };
    }
    if (changesInPlace(action, plan, fresh.snapshot)) {
      const state = provisioningStateOf(fresh.snapshot);
      if (state === undefined || SETTLED.has(state.toLowerCase())) {
        return {
          kind: 'applied',
          applied: {},
          note: `the write answered "${failure}", but a re-read shows the change in place`,
        };
      }
      return {
        kind: 'ended',
        end: {
          outcome: 'unknown',
          detail: `The write answered "${failure}"; a re-read shows the change in place with provisioning state ${state}: its outcome is not settled.`,
          alert: true,
        },
      };
    }
    if (!isTransientFailure(cause)) {
      return {
        kind: 'ended',
        end: { outcome: 'failed', detail: `The change failed: ${failure}`, alert: true },
      };
    }
    const check = action.precondition(plan, fresh.snapshot);
    if (!check.ok) {
      return {
        kind: 'ended',
        end: {
          outcome: 'unknown',
          detail: `The write answered "${failure}" and the resource is now neither as planned nor as ward would leave it: ${check.reason}`,
          alert: true,
        },
      };
    }
    if (attempt >= attempts) {
      throw new TransientWriteError(
        `The change failed transiently ${attempts} time(s), the last: ${failure}; the event is delivered again.`,
        { cause },
      );
    }
    await deps.sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
  }
}
