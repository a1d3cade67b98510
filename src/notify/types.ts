import type { PropertyChange } from '../actions/types';
import type { Evidence, Finding, Principal, RuleId, Severity, SignalSource } from '../domain';
import type { UndoCommand } from './cards/undo-command';

/**
 * The Adaptive Card schema version ward declares. Teams renders cards up to 1.5 in channels
 * and chats, including cards a Workflows "Post card in a chat or channel" action posts from
 * the "When a Teams webhook request is received" trigger. The cards use only elements from
 * 1.2 or earlier (RichTextBlock, ColumnSet, Container, Action.OpenUrl), so clients that
 * render less than 1.5 still show them; `style: 'heading'` (1.5) degrades to bold text.
 * No Action.Submit/Execute: a card posted by a workflow cannot post back to ward.
 */
export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** An Adaptive Card element; kept loose because the card format is open-ended. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardElement[];
  msteams?: { width: 'Full' };
}

/** The body a Teams Workflows webhook ("When a Teams webhook request is received") accepts. */
export interface TeamsMessage {
  type: 'message';
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive';
      contentUrl: null;
      content: AdaptiveCard;
    },
  ];
}

export type { PropertyChange } from '../actions/types';
export type { UndoCommand } from './cards/undo-command';

export interface RemediationAppliedInput {
  finding: Finding;
  ruleTitle: string;
  actionId: string;
  changes: PropertyChange[];
  /** Who made the insecure change, from the event's claims. */
  changedBy?: Principal;
  /** The ledger entry of the remediation; `ward undo <ledgerId>` restores the state before. */
  ledgerId?: string;
  /** How to undo, for the ledger id; `ward undo <ledgerId>` unless given. */
  undoCommand?: UndoCommand;
  /** Who approved it, when it went through an approval. */
  approvedBy?: string;
  appliedAt: string;
  /** What raised the finding; `sweep` says so on the card instead of an unknown person. */
  source?: SignalSource;
}

export interface ApprovalRequestedInput {
  finding: Finding;
  ruleTitle: string;
  rationale: string;
  actionId: string;
  changes: PropertyChange[];
  approvalUrl: string;
  expiresAt: string;
  changedBy?: Principal;
  reasons?: string[];
  /** What raised the finding; `sweep` says so on the card instead of an unknown person. */
  source?: SignalSource;
}

export interface ApprovalRejectedInput {
  finding: Finding;
  ruleTitle: string;
  actionId: string;
  /** The change that was not made. */
  changes: PropertyChange[];
  rejectedBy: string;
  reason: string;
  rejectedAt: string;
  /** When the resource is exempt from the rule because of this rejection, until when (ISO). */
  exemptionUntil?: string;
}

export interface TicketOpenedInput {
  finding: Finding;
  ruleTitle: string;
  ticketId: string;
  ticketUrl?: string;
  /** What an engineer must do: the remedy ward cannot apply in place. */
  remedy: string;
  changedBy?: Principal;
  updated?: boolean;
}

export const ALERT_KINDS = [
  'failed-remediation',
  'failed-verify',
  'budget-tripped',
  'flap-tripped',
  'dead-letter',
  'sweep-digest',
  'secret-expiry',
  'rule-error',
  'tag-exemption',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertFact {
  title: string;
  value: string;
}

/** A Key Vault secret near or past its expiry, for a `secret-expiry` alert. */
export interface SecretExpiry {
  vault: string;
  secretName: string;
  /** ISO time. */
  expiresAt: string;
  /** Whole days until expiry, rounded toward zero; negative once it has expired. */
  daysLeft: number;
}

export interface AlertTicket {
  id: string;
  url?: string;
}

export interface AlertInput {
  kind: AlertKind;
  summary: string;
  /** The finding involved, when the alert is about one. */
  finding?: Finding;
  resourceId?: string;
  ruleId?: RuleId;
  severity?: Severity;
  facts?: AlertFact[];
  /** Error text or detail lines (e.g. dead-lettered event ids, digest rows). */
  details?: string[];
  occurredAt: string;
  ledgerId?: string;
  /**
   * For `secret-expiry`; when absent the card reads it from the finding (the secret id and its
   * `attributes.exp` evidence).
   */
  secret?: SecretExpiry;
  /** The ticket that tracks the work, when one was opened. */
  ticket?: AlertTicket;
}

export type { Evidence, Finding, Principal };
