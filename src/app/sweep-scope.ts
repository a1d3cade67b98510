import { isActiveAt } from '../decide';
import type { BudgetAnswer, Exemptions, FixRecord, Guardrails } from '../store';
import type { IntentMarks } from '../store/intent-marks';
import { resourceKey } from '../store/keys';
import type { TicketRegistry } from '../tickets';
import type { WardContext } from './context';
import { errorText } from './errors';

/**
 * How long the sweep judges from one read of what many resources share (exemptions, the
 * budget, the fix history) instead of reading it again for each resource.
 */
export const SWEEP_SHARED_READ_MAX_AGE_MS = 30_000;

/** A read kept for `maxAgeMs`; a failed read is not kept, so the next use reads again. */
function keptRead<T>(load: () => Promise<T>, now: () => Date, maxAgeMs: number) {
  let kept: { at: number; value: Promise<T> } | undefined;
  return (): Promise<T> => {
    const at = now().getTime();
    if (kept && at - kept.at <= maxAgeMs) return kept.value;
    const value = load();
    const entry = { at, value };
    kept = entry;
    value.catch(() => {
      if (kept === entry) kept = undefined;
    });
    return value;
  };
}

/**
 * The exemptions as the sweep sees them: one read every `maxAgeMs`. An exemption added during
 * a sweep counts from the next read; one that expires stops counting at once (expiry is
 * checked on each use).
 */
export function sweepExemptions(
  exemptions: Exemptions,
  now: () => Date,
  maxAgeMs = SWEEP_SHARED_READ_MAX_AGE_MS,
): Exemptions {
  const all = keptRead(() => exemptions.listAll(), now, maxAgeMs);
  return {
    ...exemptions,
    async listActive(at) {
      return (await all()).filter((record) => isActiveAt(record.expires, at));
    },
  };
}

/**
 * The guardrails as the sweep reads them. The budget a decision reads is advice (the executor
 * consumes it right before a write, and turns a refused change into an approval), so it is read
 * once per subscription every `maxAgeMs`. The fix history is read for the flap window every
 * `maxAgeMs`, plus the fixes this sweep makes; a fix another instance made since the last read
 * counts from the next one.
 */
export function sweepGuardrails(
  guardrails: Guardrails,
  now: () => Date,
  flapWindowMinutes: number,
  maxAgeMs = SWEEP_SHARED_READ_MAX_AGE_MS,
): Guardrails {
  const budgets = new Map<string, () => Promise<BudgetAnswer>>();
  const history = keptRead(
    () => guardrails.listFixesSince(new Date(now().getTime() - flapWindowMinutes * 60_000)),
    now,
    maxAgeMs,
  );
  const own: FixRecord[] = [];
  return {
    ...guardrails,
    current(request) {
      const key = `${request.subscriptionId.toLowerCase()}\n${JSON.stringify(request.budget)}`;
      let read = budgets.get(key);
      if (!read) {
        read = keptRead(() => guardrails.current(request), now, maxAgeMs);
        budgets.set(key, read);
      }
      return read();
    },
    async recordFix(ruleId, resourceId, at) {
      await guardrails.recordFix(ruleId, resourceId, at);
      own.push({ ruleId, resourceId, fixedAt: at.toISOString() });
    },
    async fixesInWindow(ruleId, resourceId, at, windowMinutes) {
      if (windowMinutes !== flapWindowMinutes) {
        return guardrails.fixesInWindow(ruleId, resourceId, at, windowMinutes);
      }
      const from = at.getTime() - windowMinutes * 60_000;
      const id = resourceId.toLowerCase();
      // A fix this sweep made is in the history too once it is read again: count it once.
      const times = new Set<string>();
      for (const fix of [...(await history()), ...own]) {
        const time = Date.parse(fix.fixedAt);
        if (fix.ruleId !== ruleId || fix.resourceId.toLowerCase() !== id) continue;
        if (time > from && time <= at.getTime()) times.add(fix.fixedAt);
      }
      return times.size;
    },
  };
}

/**
 * The tickets as the sweep sees them: each passing rule would otherwise read its ticket row to
 * learn that nothing is open. The sweep reads the open tickets once; a passing rule resolves
 * its ticket when it was open then, or opened during this sweep. A ticket opened
 * meanwhile by an event's handling is resolved by the next sweep or the next event.
 */
export async function sweepTickets(tickets: TicketRegistry): Promise<TicketRegistry> {
  const open = new Set((await tickets.listOpen()).map((ticket) => ticket.fingerprint));
  return {
    ...tickets,
    async open(finding, now) {
      const result = await tickets.open(finding, now);
      open.add(finding.fingerprint);
      return result;
    },
    async resolve(fingerprint, now) {
      if (!open.has(fingerprint)) return undefined;
      const resolved = await tickets.resolve(fingerprint, now);
      open.delete(fingerprint);
      return resolved;
    },
  };
}

/**
 * The marks of writes in flight, as they stood when the sweep began: a mark set since then
 * belongs to a handler that is alive (it just set it), which recovery leaves alone anyway.
 */
export async function sweepIntentMarks(marks: IntentMarks): Promise<IntentMarks> {
  const atStart = await marks.listAll();
  return {
    ...marks,
    list: (resourceId) => Promise.resolve(atStart.get(resourceKey(resourceId)) ?? []),
  };
}

/**
 * The context the sweep's signals are handled in: the same ward, with the shared reads above.
 * When a list cannot be read at the start, each resource reads its own as an event's would.
 */
export async function sweepContext(
  ctx: WardContext,
  log: WardContext['logger'],
): Promise<WardContext> {
  const now = () => ctx.now();
  const scoped: WardContext = {
    ...ctx,
    exemptions: sweepExemptions(ctx.exemptions, now),
    guardrails: sweepGuardrails(ctx.guardrails, now, ctx.policy.guardrails.flap.windowMinutes),
  };
  try {
    scoped.tickets = await sweepTickets(ctx.tickets);
  } catch (error) {
    log.warn(
      { error: errorText(error) },
      'open tickets not listed; each passing rule reads its own',
    );
  }
  try {
    scoped.intentMarks = await sweepIntentMarks(ctx.intentMarks);
  } catch (error) {
    log.warn({ error: errorText(error) }, 'intent marks not listed; each resource reads its own');
  }
  return scoped;
}
