import type { Logger } from 'pino';
import type { ChangeSignal, Decision, Finding, Rule, Snapshot } from '../domain';
import type { WardContext } from './context';
import type { LedgerEntryInput } from '../store/ledger';
import type { DigestItem } from '../notify/digest/digest-item';
import type { Correlation } from './notify';
import { correlationFields } from './notify';
import type { ResourceScope } from './scope';
import type { HeldCard } from './resource-cards';
import type { SignalClaim } from './event-claim';

/** One failing result being acted on, with everything its decision knows. */
export interface FindingWork {
  ctx: WardContext;
  signal: ChangeSignal;
  ids: Correlation;
  snapshot: Snapshot;
  finding: Finding;
  rule: Rule;
  decision: Decision;
  /** The ledger entry of the decision; what follows from it points back here. */
  decisionId: string;
  scope: ResourceScope;
  log: Logger;
  tally: SignalTally;
  /** The event's lease: held before any write. */
  claim: SignalClaim;
}

/**
 * The fields of a ledger entry that follows from a finding's decision (an action, an approval, a
 * ticket): the signal's correlation, the finding, the action when there is one, and the decision
 * it points back to.
 */
export function followUpFields(
  work: Pick<FindingWork, 'ids' | 'finding' | 'decisionId'>,
  actionId?: string,
): Pick<
  LedgerEntryInput,
  | 'eventId'
  | 'invocationId'
  | 'correlationId'
  | 'resourceId'
  | 'ruleId'
  | 'fingerprint'
  | 'actionId'
  | 'relatedId'
> {
  return {
    ...correlationFields(work.ids),
    resourceId: work.finding.resourceId,
    ruleId: work.finding.ruleId,
    fingerprint: work.finding.fingerprint,
    ...(actionId !== undefined ? { actionId } : {}),
    relatedId: work.decisionId,
  };
}

/** What handling one signal did, summed up by the sweep's digest. */
export interface SignalTally {
  evaluated: boolean;
  dropped?: string;
  findings: number;
  remediated: number;
  approvalsRequested: number;
  ticketsOpened: number;
  ticketsResolved: number;
  recorded: number;
  errors: number;
  alerts: number;
  /** One line per finding: `ruleId resourceId → verb`. */
  lines: string[];
  /** A sweep's findings as digest items, by fingerprint, with what came of them. */
  items: { fingerprint: string; item: DigestItem }[];
  /** An event's cards about its resource, held until its handling ends (see resource-cards.ts). */
  cards?: HeldCard[];
}

export function emptyTally(): SignalTally {
  return {
    evaluated: false,
    findings: 0,
    remediated: 0,
    approvalsRequested: 0,
    ticketsOpened: 0,
    ticketsResolved: 0,
    recorded: 0,
    errors: 0,
    alerts: 0,
    lines: [],
    items: [],
  };
}
