import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Socket } from 'node:net';
import { createSimulatorTls } from '../../simulator/tls';
import { readBody, LOOPBACK } from '../http';
import { createFaults, type FaultRule } from './faults';
import { createOpenApiValidator } from './openapi-validator';
import { listPage, ticketPage, renderMarkdown } from './page';
import { createTicketBook, type StandInCounts, type StandInTicket, type TicketBook } from './store';

export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  operationId: string;
  params: Record<string, string>;
  body: unknown;
  origin: string;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RejectedRequest {
  method: string;
  path: string;
  status: number;
  errors: string[];
}

export interface VendorBehaviour {
  system: string;
  /** The published description every API request is validated against. */
  spec: unknown;
  /** The prefix the description's paths sit under on this server (e.g. `/api`). */
  basePath?: string;
  /** Whether the vendor's routes ignore case. */
  caseInsensitivePaths?: boolean;
  /** Whether the credentials on a request are ones the vendor would accept. */
  authorized(req: StandInRequest): boolean;
  /** The body the vendor sends with a status the stand-in answers on its own. */
  errorBody(status: number, message: string): unknown;
  handle(req: StandInRequest, book: TicketBook): StandInAnswer;
  /** Requests served outside the description (service discovery, token endpoints). */
  extra?(
    req: Omit<StandInRequest, 'operationId' | 'params' | 'body'> & { raw: string },
    book: TicketBook,
  ): StandInAnswer | undefined;
  /** Adjusts a request before validation where the vendor documents an alternative form. */
  prepare?(query: URLSearchParams, headers: IncomingMessage['headers']): void;
  /** A comment as HTML, as the vendor would show it (Markdown when absent). */
  renderComment?(text: string): string;
  /** The ticket's description as HTML, as the vendor would show it. */
  renderBody?(ticket: StandInTicket): string;
}

export interface TicketStandIn {
  readonly system: string;
  readonly origin: string;
  readonly ca: string;
  tickets(): readonly StandInTicket[];
  counts(): StandInCounts;
  /** Requests the description does not allow: any is a test failure. */
  rejected(): readonly RejectedRequest[];
  /** Every API request served, as `METHOD path`. */
  requests(): readonly string[];
  inject(rule: FaultRule): void;
  /** Drops every injected fault not yet played (people fixed the cause). */
  clearFaults(): void;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

/**
 * An HTTPS stand-in for a ticket system: validates each API request against the vendor's
 * description, answers from its own state, and plays injected faults (statuses with the
 * vendor's bodies, 429 with Retry-After, connections dropped before or after the work).
 * `/_standin/` lists the tickets; `/_standin/tickets/{id}` shows one as the vendor renders it.
 */
export async function startTicketStandIn(
  behaviour: VendorBehaviour,
  options: { now?: () => Date; port?: number } = {},
): Promise<TicketStandIn> {
  const now = options.now ?? (() => new Date());
  const tls = await createSimulatorTls();
  const validator = createOpenApiValidator(behaviour.spec, behaviour.caseInsensitivePaths);
  const book = createTicketBook(now);
  const faults = createFaults();
  const rejected: RejectedRequest[] = [];
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const base = behaviour.basePath ?? '';
  let origin = '';

  const reply = (res: ServerResponse, answer: StandInAnswer): void => {
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      'content-type':
        typeof answer.body === 'string' && answer.body.startsWith('<!doctype')
          ? 'text/html; charset=utf-8'
          : 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      // Ticket pages show what was filed: no script runs there, whatever a body holds.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...answer.headers,
    });
    res.end(text);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    if (method === 'GET' && (url.pathname === '/_standin' || url.pathname === '/_standin/')) {
      reply(res, { status: 200, body: listPage(behaviour.system, book.tickets()) });
      return;
    }
    const page = /^\/_standin\/tickets\/(\d+)$/.exec(url.pathname);
    if (method === 'GET' && page) {
      const ticket = book.get(Number(page[1]));
      if (!ticket) {
        reply(res, { status: 404, body: { message: 'no such ticket' } });
        return;
      }
      const bodyHtml = behaviour.renderBody
        ? behaviour.renderBody(ticket)
        : renderMarkdown(ticket.body);
      reply(res, {
        status: 200,
        body: ticketPage(
          behaviour.system,
          ticket,
          bodyHtml,
          behaviour.renderComment ? (text) => behaviour.renderComment?.(text) ?? '' : undefined,
        ),
      });
      return;
    }
    const raw = await readBody(req, MAX_BODY);
    const extra = behaviour.extra?.(
      { method, path: url.pathname, query: url.searchParams, headers: req.headers, origin, raw },
      book,
    );
    if (extra) {
      reply(res, extra);
      return;
    }
    const line = `${method} ${url.pathname}`;
    requests.push(line);
    const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
    behaviour.prepare?.(url.searchParams, req.headers);
    const validation = validator.validate({
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body: raw,
    });
    if (!validation.ok) {
      rejected.push({
        method,
        path: url.pathname,
        status: validation.status,
        errors: validation.errors,
      });
      reply(res, {
        status: validation.status,
        body: behaviour.errorBody(validation.status, validation.errors.join('; ')),
      });
      return;
    }
    const request: StandInRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      operationId: validation.operationId,
      params: validation.params,
      body: validation.body,
      origin,
    };
    if (!behaviour.authorized(request)) {
      reply(res, { status: 401, body: behaviour.errorBody(401, 'Bad credentials') });
      return;
    }
    const fault = faults.take(line);
    if (fault?.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      reply(res, {
        status: fault.status,
        body: fault.body ?? behaviour.errorBody(fault.status, `injected ${fault.status}`),
        ...(fault.retryAfter !== undefined ? { headers: { 'retry-after': fault.retryAfter } } : {}),
      });
      return;
    }
    const answer = behaviour.handle(request, book);
    if (fault?.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    reply(res, answer);
  };

  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        reply(res, { status: 500, body: behaviour.errorBody(500, String(error)) });
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `https://${LOOPBACK}:${port}`;
  return {
    system: behaviour.system,
    origin,
    ca: tls.ca,
    tickets: () => book.tickets(),
    counts: () => book.counts(),
    rejected: () => rejected,
    requests: () => requests,
    inject: (rule) => {
      faults.inject(rule);
    },
    clearFaults: () => {
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
