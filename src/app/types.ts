import type { ReliabilityOptions } from './reliability';
import type { TokenCredential } from '@azure/core-auth';
import type { TableServiceClientOptions } from '@azure/data-tables';
import type { Logger } from 'pino';
import type { AzureClients } from '../azure/clients';
import type { RETRY_OPTIONS } from '../azure/retry';
import type { BucketLimits, RequestKind } from '../azure/throttle';
import type { Policy } from '../config/policy';
import type { ApprovalStore } from '../approvals/approval-store';
import type { EntraSignInSettings } from '../approvals/entra-token';
import type { RetryOptions } from '../notify/teams-notifier';
import type { Outbox } from '../notify/outbox';
import type { Dedupe, Exemptions, Guardrails, Ledger } from '../store';
import type { TicketRegistry } from '../tickets';
import type { TicketSystemsOptions } from './ticket-systems';
import type { SweepTick, WardUseCases } from './ports';
import type { SweepDigest } from './sweep';
import type { UndoReport } from './undo-types';
import type { WardActivity, WardCounters } from './activity';

/** Where ward keeps its state: Azurite by connection string, or an account by managed identity. */
export type WardTables = (
  | { connectionString: string }
  | {
      /** `https://{account}.table.core.windows.net` */
      url: string;
      credential: TokenCredential;
    }
) & {
  /** Passed to every Table client ward makes (extra pipeline policies, retry options). */
  clientOptions?: TableServiceClientOptions;
};

/** Everything ward needs to run; `src/app/wire` builds it from app settings. */
export interface WardOptions {
  /** ARM endpoint: https://management.azure.com, or the simulator's URL. */
  armEndpoint: string;
  /** PEM of an extra CA to trust for ARM and Key Vault (the simulator's). */
  ca?: string | Buffer;
  credential: TokenCredential;
  tables: WardTables;
  /** Prepended to every table name (tests and the demo keep their state apart this way). */
  tablePrefix?: string;
  policy: Policy;
  /** ward's own object id: events carrying it are ward's own writes and never start a change. */
  principalId: string;
  /**
   * ward's application (client) id, AZURE_CLIENT_ID of its user-assigned identity: events whose
   * `appid` claim carries it are ward's own writes too.
   */
  clientId?: string;
  /** Subscriptions the sweep reads. */
  subscriptions: readonly string[];
  /** Public base URL of the approval page (`${approvalBaseUrl}/api/approvals/${id}`). */
  approvalBaseUrl?: string;
  /**
   * The Entra ID tenant, audiences and signing keys the approval page verifies sign-in tokens
   * against; without it approvals answer 503.
   */
  approvalSignIn?: EntraSignInSettings;
  /** Where the shared HTML scan report is published; digests link to it when set. */
  reportUrl?: string;
  /** Key for the approval form's CSRF tokens (at least 32 bytes); a random one per process if absent. */
  csrfKey?: Uint8Array;
  /** The undo hint on cards and the approval page, for a ledger id; `ward undo <id>` if absent. */
  undoCommand?: (ledgerId: string) => string;
  teams: {
    /** The Teams Workflows webhook URL; without one, messages wait in the outbox. */
    webhookUrl?: string;
    fetch?: typeof globalThis.fetch;
    retry?: Partial<RetryOptions>;
  };
  /** Where tickets go when `policy.tickets.target` is `webhook`: the value of its setting. */
  tickets?: {
    webhookUrl?: string;
    fetch?: typeof globalThis.fetch;
  };
  /** How ward reaches the policy's ticket systems (the local stand-ins' CA, shorter waits). */
  ticketSystems?: TicketSystemsOptions;
  /** Clock for evaluation, decisions and records; the system clock by default. */
  now?: () => Date;
  logger: Logger;
  /** Re-reads after a change until the rule passes. */
  verify: { attempts: number; delayMs: number };
  /** Overrides of the SDK retry options (the demo and tests shorten the delays). */
  retryOptions?: Partial<typeof RETRY_OPTIONS>;
  /** Cap on a server-requested Retry-After wait (ms). */
  maxRetryAfterMs?: number;
  /** Client-side throttle limits; ARM's documented limits by default. */
  throttleLimits?: Record<RequestKind, BucketLimits>;
  /**
   * Days an undone fix stays exempt (an exemption record naming the undo), so the next event
   * or sweep does not apply it again; 0 records none. Default 7.
   */
  undoExemptionDays?: number;
  /** Rows per Resource Graph page in the sweep; the largest page (1000) when unset. */
  sweepPageSize?: number;
  /** Resources the sweep judges at once (default 4): a large estate judged from its rows needs few ARM reads. */
  sweepConcurrency?: number;
  /** Waits (LRO polls, verify delays); a timer by default. */
  sleep?: (ms: number) => Promise<void>;
  /** Event leases, write retries and crash points (see src/app/reliability). */
  reliability?: Partial<ReliabilityOptions>;
}

/** A running ward: the use cases plus what the CLI and the demo read. */
export interface Ward {
  useCases: WardUseCases;
  ledger: Ledger;
  approvals: ApprovalStore;
  outbox: Outbox;
  exemptions: Exemptions;
  dedupe: Dedupe;
  guardrails: Guardrails;
  tickets: TicketRegistry;
  clients: AzureClients;
  /** Running totals since start (signals, decisions by verb, alerts, ...). */
  counters(): WardCounters;
  /** Posts the Teams digest of whatever waits in its queue now, as the timer does after a window. */
  flushDigest(): Promise<{ items: number; cards: number }>;
  /** Called after every decision, action, alert and drop; returns an unsubscribe function. */
  onActivity(listener: (activity: WardActivity) => void): () => void;
  /** One sweep, answering its digest (the use case's `sweep` logs the same and answers nothing). */
  sweep(tick: SweepTick): Promise<SweepDigest>;
  /** Restores the state before a remediation recorded at `ledgerId`. */
  undo(ledgerId: string, actor: string): Promise<UndoReport>;
  /** Waits for work in flight, then stops listeners; clients and tables need no closing. */
  close(): Promise<void>;
}
