import type { DecisionVerb, Mode, RuleId } from '../domain';

/** Why a signal was dropped before any rule ran. */
export type DropReason =
  'own-write' | 'duplicate' | 'coalesced' | 'gone' | 'unreadable' | 'out-of-scope';

/** What ward did, as the demo and tests observe it (the ledger is the durable record). */
export type WardActivity =
  | { type: 'dropped'; reason: DropReason; eventId: string; resourceId: string }
  | {
      type: 'decision';
      eventId: string;
      resourceId: string;
      ruleId: RuleId;
      verb: DecisionVerb;
      mode: Mode;
      dryRun: boolean;
      ledgerId: string;
      /** Why, in one line: the guardrail or exemption that changed it, else where the mode comes from. */
      why?: string;
    }
  | {
      type: 'action';
      eventId: string;
      resourceId: string;
      ruleId: RuleId;
      actionId: string;
      outcome: string;
      ledgerId: string;
    }
  | {
      type: 'approval-requested';
      resourceId: string;
      ruleId: RuleId;
      approvalId: string;
      url: string;
    }
  | {
      type: 'ticket';
      resourceId: string;
      ruleId: RuleId;
      ticketId: string;
      change: 'opened' | 'updated' | 'resolved';
    }
  | {
      type: 'alert';
      kind: string;
      resourceId?: string;
      ruleId?: RuleId;
      summary: string;
      ledgerId: string;
    }
  | { type: 'undo'; ledgerId: string; undoneId: string; resourceId: string }
  /** A decision that turned into something else while acting on it (an approval became a ticket). */
  | {
      type: 'changed';
      resourceId: string;
      ruleId: RuleId;
      from: string;
      to: string;
      why: string;
    };

/** Running totals since the ward started. */
export interface WardCounters {
  signals: number;
  ownWrites: number;
  duplicates: number;
  coalesced: number;
  gone: number;
  evaluated: number;
  findings: number;
  errors: number;
  remediated: number;
  remediationFailed: number;
  approvalsRequested: number;
  ticketsOpened: number;
  ticketsUpdated: number;
  ticketsResolved: number;
  recorded: number;
  dryRun: number;
  alerts: number;
  undone: number;
  /** Resources judged from an event's payload or a Resource Graph row, without reading the body. */
  fromPayload: number;
}

export function emptyCounters(): WardCounters {
  return {
    signals: 0,
    ownWrites: 0,
    duplicates: 0,
    coalesced: 0,
    gone: 0,
    evaluated: 0,
    findings: 0,
    errors: 0,
    remediated: 0,
    remediationFailed: 0,
    approvalsRequested: 0,
    ticketsOpened: 0,
    ticketsUpdated: 0,
    ticketsResolved: 0,
    recorded: 0,
    dryRun: 0,
    alerts: 0,
    undone: 0,
    fromPayload: 0,
  };
}

/** Counters and listeners of one ward instance (never module state). */
export interface ActivityHub {
  counters: WardCounters;
  count(key: keyof WardCounters, n?: number): void;
  emit(activity: WardActivity): void;
  on(listener: (activity: WardActivity) => void): () => void;
  clear(): void;
}

export function createActivityHub(): ActivityHub {
  const counters = emptyCounters();
  const listeners = new Set<(activity: WardActivity) => void>();
  return {
    counters,
    count(key, n = 1) {
      counters[key] += n;
    },
    emit(activity) {
      for (const listener of listeners) {
        try {
          listener(activity);
        } catch {
          // A listener (the demo's display) must not break the data path.
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      listeners.clear();
    },
  };
}
