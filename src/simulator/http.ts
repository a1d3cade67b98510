import type { FaultSpec } from './faults';
import type { SimPrincipal } from './principal';

export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST' | 'HEAD';

/** Kind of ARM operation, for throttling buckets and counters. */
export type OperationKind = 'read' | 'write' | 'delete' | 'action';

/** A request as routes see it: body already read, JSON parsed when it is JSON. */
export interface SimRequest {
  method: HttpMethod;
  /** Full URL, with the simulator's own origin. */
  url: URL;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Raw body text ('' when none). */
  rawBody: string;
  /** Parsed JSON body, `undefined` when the body is empty; routes validate it with zod. */
  body: unknown;
  /** The caller named by the bearer token; `undefined` on routes that do their own auth. */
  principal: SimPrincipal | undefined;
  /** `x-ms-correlation-request-id` from the caller, else a fresh id. */
  correlationId: string;
  /** `x-ms-request-id` this response carries. */
  requestId: string;
  /** Scripted faults that fired for this request and act later ('slow-lro', 'failed-lro'). */
  faults: readonly FaultSpec[];
  /**
   * Set when the simulator runs with RBAC: whether the caller holds `action` at `scope`, for
   * routes that filter what they answer (Resource Graph) rather than refuse.
   */
  allowed?: (action: string, scope: string) => boolean;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string; omitted when `undefined`. */
  body?: unknown;
}

/** ARM's error body. */
export interface ArmErrorBody {
  error: { code: string; message: string; target?: string; details?: ArmErrorBody['error'][] };
}

export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SimResponse {
  const body: ArmErrorBody = { error: { code, message } };
  return headers ? { status, body, headers } : { status, body };
}

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** Thrown by handlers to answer with an ARM error without threading responses around. */
export class ArmRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string> | undefined;
  constructor(status: number, code: string, message: string, headers?: Record<string, string>) {
    super(message);
    this.name = 'ArmRequestError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
  toResponse(): SimResponse {
    return armError(this.status, this.code, this.message, this.headers);
  }
}
