import type { ChangeSignal } from '../domain';

/** What a use case knows about the invocation it runs in (for correlation ids in logs). */
export interface InvocationInfo {
  invocationId: string;
  functionName: string;
}

/** A timer tick of the sweep. */
export interface SweepTick extends InvocationInfo {
  /** ISO time the tick fired. */
  firedAt: string;
  /** The host missed the scheduled time (the app was down or busy). */
  isPastDue: boolean;
}

/** A tick of any timer trigger (the outbox redelivery's has the sweep's shape). */
export type TimerTick = SweepTick;

/** What one pass over the Teams outbox did. */
export interface OutboxRedelivery {
  /** Messages delivered now and removed from the outbox. */
  delivered: number;
  /** Messages still waiting (Teams refused or was unreachable again). */
  remaining: number;
}

/** The approval page request as the HTTP shell hands it on; the approvals code validates it. */
export interface ApprovalHttpRequest {
  method: 'GET' | 'POST';
  approvalId: string;
  url: string;
  headers: Record<string, string>;
  /** POST: the urlencoded form fields; the approvals code parses them with its own schema. */
  form?: Record<string, string>;
}

export interface ApprovalHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The approvals queue request as the HTTP shell hands it on: every value of a repeated name. */
export interface ApprovalQueueHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  /** POST: the urlencoded form fields (`id` repeats); the approvals code parses them. */
  form?: Record<string, string[]>;
}

/**
 * The use cases the Functions triggers call. src/app/wire builds them (clients, stores,
 * config) and the triggers obtain them through a loader, so nothing is built at import time.
 * A use case signals a transient failure by throwing an error with `retryable: true`, a
 * permanent one with `retryable: false` (see isRetryable).
 */
export interface WardUseCases {
  handleSignal(signal: ChangeSignal, invocation: InvocationInfo): Promise<void>;
  sweep(tick: SweepTick): Promise<void>;
  approval(request: ApprovalHttpRequest, invocation: InvocationInfo): Promise<ApprovalHttpResponse>;
  /** The approvals queue (`/api/approvals`): pending approvals, bulk decisions, recent ones. */
  approvalQueue(
    request: ApprovalQueueHttpRequest,
    invocation: InvocationInfo,
  ): Promise<ApprovalHttpResponse>;
  /** Posts the Teams messages kept in the outbox while Teams was unreachable. */
  redeliverOutbox(tick: TimerTick): Promise<OutboxRedelivery>;
}

/** How a trigger obtains the use cases: on first invocation, never at import. */
export type LoadUseCases = () => Promise<WardUseCases>;

/**
 * Whether the platform should deliver again. Only an error that says `retryable: false` is
 * final; anything else (including errors nobody classified) is retried, so an unclassified
 * transient failure is not lost — Event Grid dead-letters what keeps failing.
 */
export function isRetryable(error: unknown): boolean {
  if (error !== null && typeof error === 'object' && 'retryable' in error) {
    return error.retryable !== false;
  }
  return true;
}

/**
 * The production loader: imports src/app/wire on first call, so nothing is built at import
 * and the SDKs load with the first invocation.
 */
export const loadUseCases: LoadUseCases = async () => {
  const wire = await import('./wire');
  return wire.getUseCases();
};
