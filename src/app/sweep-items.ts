import type { Decision, Finding } from '../domain';
import type { CardClass, DigestItem } from '../notify/digest/digest-item';
import type { ChangeSignal } from '../domain';
import type { SignalTally } from './finding-work';

const FIRST_WHAT: Record<Decision['verb'], { what: string; cls: CardClass }> = {
  remediate: { what: 'fix not completed (see the ledger)', cls: 'urgent' },
  'request-approval': { what: 'approval requested', cls: 'approval' },
  'open-ticket': { what: 'ticket opened', cls: 'info' },
  record: { what: 'recorded (audit)', cls: 'info' },
  none: { what: 'rule off', cls: 'info' },
};

const DRY_WHAT: Partial<Record<Decision['verb'], string>> = {
  remediate: 'dry run: would fix',
  'request-approval': 'dry run: would ask for approval',
  'open-ticket': 'dry run: would open a ticket',
};

/** Whether a signal comes from the sweep, whose findings its digest lists. */
export function isSweep(signal: Pick<ChangeSignal, 'source'>): boolean {
  return signal.source === 'sweep';
}

/**
 * A sweep's finding becomes a digest item as soon as it is decided; what ward then does about
 * it (fixed, approval asked, ticket opened) is marked on it by the acting code.
 */
export function noteSweepFinding(
  tally: SignalTally,
  finding: Finding,
  decision: Pick<Decision, 'verb' | 'dryRun'>,
  at: string,
): void {
  const first = FIRST_WHAT[decision.verb];
  const dry = decision.dryRun ? DRY_WHAT[decision.verb] : undefined;
  const item: DigestItem = {
    cls: dry ? 'info' : first.cls,
    origin: 'sweep',
    what: dry ?? first.what,
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    severity: finding.severity,
    summary: finding.message,
    at,
  };
  tally.items.push({ fingerprint: finding.fingerprint, item });
}

/** Marks what came of a sweep's finding; nothing when the finding is not a sweep's. */
export function markSweepItem(
  tally: SignalTally,
  fingerprint: string,
  change: Partial<Pick<DigestItem, 'what' | 'cls' | 'url' | 'ledgerId'>>,
): void {
  const entry = tally.items.find((candidate) => candidate.fingerprint === fingerprint);
  if (!entry) return;
  entry.item = { ...entry.item, ...change };
}

/** A ticket for a sweep's finding: after a containment it completes the fix, else it is the outcome. */
export function markSweepTicket(
  tally: SignalTally,
  fingerprint: string,
  change: 'opened' | 'updated',
): void {
  const entry = tally.items.find((candidate) => candidate.fingerprint === fingerprint);
  if (!entry) return;
  const what =
    entry.item.what === 'fixed'
      ? 'contained; ticket opened'
      : change === 'opened'
        ? 'ticket opened'
        : 'ticket already open';
  entry.item = { ...entry.item, what, cls: 'info' };
}

/**
 * A decision's reason in one line: what changed it from its mode (a guardrail, an exemption, the
 * dry run), else where the mode comes from.
 */
export function whyOf(decision: Pick<Decision, 'reasons'>): string {
  const changed = decision.reasons.filter((reason) => reason.code !== 'mode');
  const chosen = changed.length > 0 ? changed : decision.reasons;
  return chosen.map((reason) => reason.text).join('; ');
}
