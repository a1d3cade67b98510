import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { HttpRequest, InvocationContext, type HttpResponse } from '@azure/functions';
import { makeApprovalHandler } from '../../functions/approval';
import { makeApprovalsQueueHandler } from '../../functions/approvals-queue';
import type { WardUseCases } from '../app/ports';
import { SECURITY_HEADERS } from '../approvals/html';
import { ID_TOKEN_HEADER, type EntraSignInSettings } from '../approvals/entra-token';
import { encodeClientPrincipal, PRINCIPAL_HEADER } from '../approvals/principal';
import {
  assertNotInAzure,
  DEV_PRINCIPALS,
  DevSessions,
  renderSignInPage,
  safeNext,
  SESSION_COOKIE,
  sessionFromCookie,
  type DevPrincipal,
} from './dev-signin';
import { createDevTokenIssuer, DEV_JWKS_PATH } from './dev-token-issuer';
import { DemoError } from './errors';
import { closeServer, listenLoopback, readBody, send } from './http';

const MAX_FORM_BYTES = 16 * 1024;
const APPROVAL_PATH = /^\/api\/approvals\/([^/]+)$/;
const QUEUE_PATH = '/api/approvals';

export interface ApprovalServerOptions {
  /** The approval use cases; obtained on the first request, as the Functions triggers do. */
  getUseCases: () => Promise<Pick<WardUseCases, 'approval' | 'approvalQueue'>>;
  /** The process environment: development sign-in refuses to start in Azure. */
  env: Readonly<Record<string, string | undefined>>;
  principals?: readonly DevPrincipal[];
  port?: number;
}

export interface ApprovalServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The base the approval links in Teams cards start with: `<origin>/api/approvals`. */
  readonly approvalBaseUrl: string;
  /** The approvals queue (the approvals function's list of pending approvals): `<origin>/api/approvals`. */
  readonly queueUrl: string;
  approvalUrl(id: string): string;
  /** What ward verifies this server's sign-in tokens with (its local JWKS on loopback). */
  readonly signInSettings: EntraSignInSettings;
  /** Requests the approval function answered, by status (for the demo's summary). */
  served(): { status: number; method: string; approvalId: string }[];
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const key = name.toLowerCase();
    // App Service strips whatever a client sends in its principal and token headers; so does
    // this server.
    if (key.startsWith(PRINCIPAL_HEADER) || key.startsWith('x-ms-token-') || value === undefined)
      continue;
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function writeFunctionResponse(res: ServerResponse, response: HttpResponse): Promise<void> {
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  send(res, response.status, body, headers);
}

/**
 * The demo's approval server on loopback: the approval function (functions/approval.ts) behind
 * a development sign-in that plays App Service authentication and Entra ID. The signed-in
 * person's claims reach the function in `x-ms-client-principal` and as an id token signed with
 * a local key in `x-ms-token-aad-id-token`, exactly as App Service forwards them; the server
 * serves that key's JWKS at /.auth/keys so ward verifies the token as it verifies Entra's.
 * Refuses to start when WEBSITE_SITE_NAME is set (ward runs in Azure).
 */
export async function startApprovalServer(options: ApprovalServerOptions): Promise<ApprovalServer> {
  assertNotInAzure(options.env);
  const sessions = new DevSessions(options.principals ?? DEV_PRINCIPALS);
  const issuer = await createDevTokenIssuer();
  const handler = makeApprovalHandler(options.getUseCases);
  const queueHandler = makeApprovalsQueueHandler(options.getUseCases);
  const served: { status: number; method: string; approvalId: string }[] = [];

  async function signIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const current = sessions.principalOf(sessionFromCookie(req.headers.cookie));
    if (method === 'GET') {
      const next = safeNext(url.searchParams.get('next'));
      send(res, 200, renderSignInPage(sessions, next, current), { ...SECURITY_HEADERS });
      return;
    }
    if (method !== 'POST') {
      send(res, 405, 'method not allowed', { allow: 'GET, POST' });
      return;
    }
    const form = new URLSearchParams(await readBody(req, MAX_FORM_BYTES));
    if (!sessions.formTokenMatches(form.get('formToken') ?? undefined)) {
      send(res, 403, 'the sign-in form is stale or was not posted from this page; reload it');
      return;
    }
    const session = sessions.signIn(form.get('principal') ?? '');
    if (!session) {
      send(res, 400, 'choose one of the listed people');
      return;
    }
    sessions.signOut(sessionFromCookie(req.headers.cookie));
    send(res, 303, '', {
      location: safeNext(form.get('next')),
      'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Lax; Path=/`,
    });
  }

  /** `approvalId` undefined: the approvals queue. */
  async function approval(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    approvalId: string | undefined,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const principal = sessions.principalOf(sessionFromCookie(req.headers.cookie));
    if (!principal) {
      if (method === 'GET') {
        const next = encodeURIComponent(url.pathname + url.search);
        send(res, 302, '', { location: `/.auth/login?next=${next}` });
      } else {
        send(res, 401, 'sign in first: /.auth/login');
      }
      return;
    }
    const headers = headersOf(req);
    headers[PRINCIPAL_HEADER] = encodeClientPrincipal({
      id: principal.id,
      name: principal.name,
      roles: principal.roles,
    });
    headers[ID_TOKEN_HEADER] = await issuer.idToken(principal);
    const body = method === 'POST' ? await readBody(req, MAX_FORM_BYTES) : undefined;
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers,
      params: approvalId === undefined ? {} : { id: decodeURIComponent(approvalId) },
      ...(body === undefined ? {} : { body: { string: body } }),
    });
    const context = new InvocationContext({
      invocationId: randomUUID(),
      functionName: approvalId === undefined ? 'approvalsQueue' : 'approval',
      logHandler: () => undefined,
    });
    if (approvalId === undefined) {
      await writeFunctionResponse(res, await queueHandler(request, context));
      return;
    }
    const response = await handler(request, context);
    served.push({ status: response.status, method, approvalId });
    await writeFunctionResponse(res, response);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    const route = async (): Promise<void> => {
      if (url.pathname === '/' || url.pathname === '/.auth/login') {
        await signIn(req, res, url);
        return;
      }
      if (url.pathname === DEV_JWKS_PATH) {
        send(res, 200, JSON.stringify(issuer.jwks()), { 'content-type': 'application/json' });
        return;
      }
      if (url.pathname === '/.auth/logout') {
        sessions.signOut(sessionFromCookie(req.headers.cookie));
        send(res, 303, '', {
          location: '/.auth/login',
          'set-cookie': `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`,
        });
        return;
      }
      if (url.pathname === QUEUE_PATH) {
        await approval(req, res, url, undefined);
        return;
      }
      const match = APPROVAL_PATH.exec(url.pathname);
      if (match?.[1]) {
        await approval(req, res, url, match[1]);
        return;
      }
      send(res, 404, 'not found');
    };
    route().catch((cause: unknown) => {
      if (!res.headersSent) {
        const message = cause instanceof Error ? cause.message : String(cause);
        const tooLarge = cause instanceof DemoError && cause.code === 'BODY_TOO_LARGE';
        send(res, tooLarge ? 413 : 500, message);
      }
    });
  });
  let origin = '';
  origin = await listenLoopback(server, options.port ?? 0);
  const approvalBaseUrl = `${origin}/api/approvals`;
  return {
    origin,
    approvalBaseUrl,
    queueUrl: `${origin}${QUEUE_PATH}`,
    approvalUrl: (id) => `${approvalBaseUrl}/${encodeURIComponent(id)}`,
    signInSettings: issuer.signInSettings(`${origin}${DEV_JWKS_PATH}`),
    served: () => served.slice(),
    close: () => closeServer(server),
  };
}
