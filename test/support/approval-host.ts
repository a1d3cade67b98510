import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { makeApprovalHandler } from '../../functions/approval';
import { makeApprovalsQueueHandler } from '../../functions/approvals-queue';
import type { WardUseCases } from '../../src/app/ports';
import { PRINCIPAL_HEADER } from '../../src/approvals/principal';
import { startTestSignIn, type TestSignIn } from './sign-in';

/** A person as Entra ID signs them in: object id, display name and app roles. */
export interface TestPrincipal {
  id: string;
  name: string;
  roles: string[];
}

/** The cookie App Service authentication keeps its session in. */
export const AUTH_COOKIE = 'AppServiceAuthSession';

export interface ApprovalHost {
  /** `http://127.0.0.1:<port>`: ward's approval links are `${origin}/api/approvals/{id}`. */
  readonly origin: string;
  /** The tenant people sign in with; `signIn.settings` is what ward verifies tokens with. */
  readonly signIn: TestSignIn;
  /** A session cookie for `person`, as App Service sets it after an Entra ID sign-in. */
  sessionCookie(person: TestPrincipal): { name: string; value: string; url: string };
  /** Requests the approval function answered, in order. */
  served(): { method: string; status: number }[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export interface ApprovalHostOptions {
  /**
   * `enforced` (default): App Service authentication in front, which drops whatever principal
   * and token headers a client sends. `not-enforced`: nothing in front strips them, as on a
   * plan where built-in authentication is off or not enforced; the client's headers reach ward.
   */
  platformAuth?: 'enforced' | 'not-enforced';
  /** Share another host's tenant (its signing key and JWKS); the other host closes it. */
  signIn?: TestSignIn;
}

/**
 * The approval function (functions/approval.ts) on loopback behind a stand-in for App Service
 * authentication: a session cookie names the signed-in person, whose claims reach the function
 * in `x-ms-client-principal` and as an Entra ID id token (signed with the host's tenant key,
 * served as a JWKS) in `x-ms-token-aad-id-token`. Whatever principal and token headers the
 * client sends are dropped, as App Service drops them, unless `platformAuth` is
 * `not-enforced`. Without a session the request passes through unauthenticated.
 */
export async function startApprovalHost(
  getUseCases: () => Promise<Pick<WardUseCases, 'approval' | 'approvalQueue'>>,
  options: ApprovalHostOptions = {},
): Promise<ApprovalHost> {
  const handler = makeApprovalHandler(getUseCases);
  const queueHandler = makeApprovalsQueueHandler(getUseCases);
  const ownSignIn = options.signIn === undefined;
  const signIn = options.signIn ?? (await startTestSignIn());
  const stripClientHeaders = (options.platformAuth ?? 'enforced') === 'enforced';
  const sessions = new Map<string, TestPrincipal>();
  const served: { method: string; status: number }[] = [];

  async function answer(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const match = /^\/api\/approvals(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      const key = name.toLowerCase();
      const platformHeader = key.startsWith(PRINCIPAL_HEADER) || key.startsWith('x-ms-token-');
      if (value === undefined || (platformHeader && stripClientHeaders)) continue;
      headers[key] = Array.isArray(value) ? value.join(', ') : value;
    }
    const person = sessions.get(cookieValue(req.headers.cookie, AUTH_COOKIE) ?? '');
    if (person) Object.assign(headers, await signIn.headersFor(person));
    const body = method === 'POST' ? await readBody(req) : undefined;
    // `/api/approvals` is the queue's function, `/api/approvals/{id}` the approval page's.
    const id = match[1];
    const response = await (id === undefined ? queueHandler : handler)(
      new HttpRequest({
        method,
        url: url.toString(),
        headers,
        params: id === undefined ? {} : { id: decodeURIComponent(id) },
        ...(body === undefined ? {} : { body: { string: body } }),
      }),
      new InvocationContext({
        invocationId: randomUUID(),
        functionName: id === undefined ? 'approvalsQueue' : 'approval',
        logHandler: () => undefined,
      }),
    );
    served.push({ method, status: response.status });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    res.writeHead(response.status, out).end(await response.text());
  }

  let origin = '';
  const server: Server = createServer((req, res) => {
    answer(req, res, origin).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    signIn,
    sessionCookie(person) {
      const value = randomBytes(16).toString('hex');
      sessions.set(value, person);
      return { name: AUTH_COOKIE, value, url: origin };
    },
    served: () => served.slice(),
    close: async () => {
      if (ownSignIn) await signIn.close();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
