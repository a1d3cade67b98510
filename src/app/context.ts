import type { Logger } from 'pino';
import type { ActionDeps } from '../actions/deps';
import type { RemediationAction } from '../actions/types';
import type { ApprovalStore } from '../approvals/approval-store';
import type { AzureClients } from '../azure/clients';
import type { Policy } from '../config/policy';
import type { ActionId, EvaluationContext } from '../domain';
import type { DigestStore } from '../notify/digest/digest-store';
import type { Outbox } from '../notify/outbox';
import type { ReadResult } from '../readers';
import type { RuleRegistry } from '../rules/registry';
import type { Dedupe, Exemptions, Guardrails, Ledger } from '../store';
import type { IntentMarks } from '../store/intent-marks';
import type { RelatedCache } from '../store/related-cache';
import type { TicketDelivery, TicketRegistry } from '../tickets';
import type { ExternalTickets } from '../tickets/external';
import type { ActivityHub } from './activity';
import type { ApprovalIndex } from './approval-index';
import type { BudgetClaims } from './budget-claims';
import type { KeyedLock } from './keyed-lock';
import type { ReliabilityOptions } from './reliability';
import type { VaultDirectory } from './vault-directory';

/** Finds the remediation action for an id; undefined when this build has none. */
export type ActionLookup = (id: ActionId) => RemediationAction<ActionDeps> | undefined;

/** Everything the use cases share, built once per ward by createWard (never module state). */
export interface WardContext {
  policy: Policy;
  principalId: string;
  /** ward's application (client) id; an event's `appid` equal to it marks an own write. */
  clientId?: string;
  subscriptions: readonly string[];
  now(): Date;
  logger: Logger;
  clients: AzureClients;
  registry: RuleRegistry;
  actions: ActionLookup;
  actionDeps: ActionDeps;
  ledger: Ledger;
  /** Writes in flight per resource, so a handling finds crashed ones without reading the ledger. */
  intentMarks: IntentMarks;
  dedupe: Dedupe;
  exemptions: Exemptions;
  guardrails: Guardrails;
  /** Changes already counted against the budget, by fingerprint and event id. */
  budgetClaims: BudgetClaims;
  approvals: ApprovalStore;
  approvalIndex: ApprovalIndex;
  outbox: Outbox;
  /** The digest queue and the Teams channel's noise budget. */
  digest: DigestStore;
  /** `<approval base>/api/approvals`: the pending approvals, linked from every digest. */
  approvalsQueueUrl: string;
  /** The published HTML report, linked from digests when configured. */
  reportUrl?: string;
  tickets: TicketRegistry;
  ticketDelivery: TicketDelivery;
  /** The ops team's ticket systems, when the policy routes findings to one. */
  externalTickets?: ExternalTickets;
  vaults: VaultDirectory;
  hub: ActivityHub;
  /** Serialises the handling of one resource within this process. */
  locks: KeyedLock;
  approvalUrl(id: string): string;
  verify: { attempts: number; delayMs: number };
  sweepPageSize?: number;
  /** Resources the sweep judges at once (default 4). */
  sweepConcurrency?: number;
  undoExemptionDays: number;
  /** The undo hint on remediation cards; the cards' default when absent. */
  undoCommand?: (ledgerId: string) => string;
  sleep(ms: number): Promise<void>;
  /** Reads one resource (ARM id or secret URL) at the time of `now()`. */
  read(resourceId: string): Promise<ReadResult>;
  evaluationContext(): EvaluationContext;
  /** Diagnostic settings kept from ward's reads, judged beside payloads; absent when off. */
  relatedCache?: RelatedCache;
  /** Event leases, write retries and crash points; defaults when absent. */
  reliability?: ReliabilityOptions;
}
