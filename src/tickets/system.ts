import type { TicketSystemName } from '../config/ticket-systems';
import type { Severity } from '../domain';

export type { TicketSystemName } from '../config/ticket-systems';

/** What ward writes into a ticket; already redacted, plain text and Markdown alike. */
export interface TicketContent {
  fingerprint: string;
  /** A short marker the system can search on (a label, tag or correlation id). */
  marker: string;
  ruleId: string;
  severity: Severity;
  title: string;
  /** Markdown body (GitHub, Azure DevOps as Markdown, ServiceNow as text). */
  body: string;
  /** The body as paragraphs, for systems with structured documents (Jira's ADF). */
  paragraphs: string[];
}

/** The ticket in the external system. */
export interface ExternalTicket {
  id: string;
  url: string;
}

/**
 * One ticket system. Every call is one request (or a short fixed sequence) through the vendor's
 * client; failures are thrown as `TicketSystemError` so delivery can decide to retry or alert.
 */
export interface TicketSystem {
  readonly name: TicketSystemName;
  /** The ticket carrying `marker`, if one was filed already (a lost answer, another instance). */
  find(marker: string): Promise<ExternalTicket | undefined>;
  create(content: TicketContent): Promise<ExternalTicket>;
  comment(ticket: ExternalTicket, text: string): Promise<void>;
  resolve(ticket: ExternalTicket, text: string): Promise<void>;
  reopen(ticket: ExternalTicket, text: string): Promise<void>;
}

export type TicketFailureKind =
  /** 429, 409/412, 5xx, a reset or timeout: retried with backoff (honouring Retry-After). */
  | 'transient'
  /** 401/403/404: ward's access or configuration must be fixed by people. */
  | 'access'
  /** 400/422: the system refused this request as it stands. */
  | 'refused';

export class TicketSystemError extends Error {
  override readonly name = 'TicketSystemError';
  constructor(
    readonly system: TicketSystemName,
    readonly kind: TicketFailureKind,
    message: string,
    readonly status?: number,
    /** From Retry-After (seconds or an HTTP date), when the system sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

const RESET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ECONNABORTED',
]);

/** Maps an HTTP status (or none: the connection failed) to how delivery treats it. */
export function classifyFailure(
  system: TicketSystemName,
  what: string,
  status: number | undefined,
  retryAfter: string | undefined | null,
  detail: string,
  now: Date = new Date(),
): TicketSystemError {
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  if (status === undefined) {
    return new TicketSystemError(system, 'transient', `${what}: connection failed (${detail})`);
  }
  const message = `${what}: ${system} answered ${status}${detail ? ` (${detail})` : ''}`;
  // 409/412: another writer got there first (an edit race); asking again settles it.
  if (status === 429 || status >= 500 || status === 409 || status === 412) {
    return new TicketSystemError(system, 'transient', message, status, retryAfterMs);
  }
  if (status === 401 || status === 403 || status === 404) {
    return new TicketSystemError(system, 'access', message, status);
  }
  return new TicketSystemError(system, 'refused', message, status);
}

/** The code of a network error, looked for down the cause chain (fetch wraps it). */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && RESET_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return /socket hang up|other side closed|fetch failed|ECONNRESET/i.test(message)
    ? 'ECONNRESET'
    : undefined;
}
