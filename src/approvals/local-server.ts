import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDevSignIn, DEV_COOKIE, DEV_PRINCIPALS } from './dev-sign-in';
import { escapeHtml as e, layout, SECURITY_HEADERS } from './html';
import { handleApprovalRequest, type ApprovalHandlerDeps } from './http-handler';
import { PRINCIPAL_HEADER } from './principal';

export interface LocalApprovalServer {
  origin: string;
  /** The approval page's URL for an id (for Teams cards in the demo). */
  approvalUrl(id: string): string;
  close(): Promise<void>;
}

export interface LocalApprovalServerOptions {
  /** The handler's ports; `authConfigured` and `approvalUrl` are set by this server. */
  deps: Omit<ApprovalHandlerDeps, 'authConfigured' | 'approvalUrl'>;
  env: Readonly<Record<string, string | undefined>>;
  port?: number;
}

const MAX_BODY = 16 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function signInPage(next: string): string {
  const options = DEV_PRINCIPALS.map(
    (p, index) =>
      `<div><input type="radio" id="p-${e(p.key)}" name="principal" value="${e(p.key)}"${index === 0 ? ' checked' : ''}>
<label for="p-${e(p.key)}" style="display:inline;font-weight:400">${e(p.name)}${p.roles.length ? ` — roles: ${e(p.roles.join(', '))}` : ' — no roles'}</label></div>`,
  ).join('\n');
  return layout(
    'Development sign-in',
    `<h1>Development sign-in</h1>
<div class="notice" role="status"><p>This page exists only in <code>ward demo</code> on this machine. In Azure, sign-in is Entra ID through App Service authentication.</p></div>
<form method="post" action="/signin">
<fieldset><legend>Sign in as</legend>
${options}
</fieldset>
<input type="hidden" name="next" value="${e(next)}">
<div class="buttons"><button type="submit" class="approve">Sign in</button></div>
</form>`,
  );
}

/**
 * `ward demo`'s approval page on loopback: the same handler as the function app, with the
 * development sign-in standing in for App Service authentication. Like App Service, it drops
 * any x-ms-client-principal a client sends and supplies its own.
 */
export async function startLocalApprovalServer(
  options: LocalApprovalServerOptions,
): Promise<LocalApprovalServer> {
  const signIn = createDevSignIn(options.env);
  let origin = '';
  const approvalUrl = (id: string): string => `${origin}/approvals/${encodeURIComponent(id)}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, html: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { ...SECURITY_HEADERS, ...headers }).end(html);
    };
    void (async () => {
      if (url.pathname === '/signin') {
        if (req.method === 'POST') {
          const form = new URLSearchParams(await readBody(req));
          const person = DEV_PRINCIPALS.find((p) => p.key === form.get('principal'));
          const next = form.get('next') ?? '/';
          if (!person) {
            send(400, signInPage(next));
            return;
          }
          // Only local paths: the sign-in must not redirect elsewhere.
          const target = /^\/approvals\/[A-Za-z0-9_-]+$/.test(next) ? next : '/signin';
          res
            .writeHead(303, {
              location: target,
              'set-cookie': `${DEV_COOKIE}=${signIn.cookieFor(person.key)}; HttpOnly; SameSite=Strict; Path=/`,
              'cache-control': 'no-store',
            })
            .end();
          return;
        }
        send(200, signInPage(url.searchParams.get('next') ?? '/'));
        return;
      }
      const match = /^\/approvals\/([^/]+)$/.exec(url.pathname);
      if (!match?.[1]) {
        send(404, layout('Not found', '<h1>Not found</h1>'));
        return;
      }
      const principal = signIn.principalHeader(req.headers.cookie);
      if (!principal && req.method === 'GET') {
        res.writeHead(303, { location: `/signin?next=${encodeURIComponent(url.pathname)}` }).end();
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.toLowerCase() !== PRINCIPAL_HEADER)
          headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      if (principal) headers[PRINCIPAL_HEADER] = principal;
      const form =
        req.method === 'POST'
          ? Object.fromEntries(new URLSearchParams(await readBody(req)))
          : undefined;
      const response = await handleApprovalRequest(
        {
          method: req.method ?? 'GET',
          approvalId: decodeURIComponent(match[1]),
          headers,
          ...(form ? { form } : {}),
        },
        {
          ...options.deps,
          authConfigured: true,
          approvalUrl: (id) => `/approvals/${encodeURIComponent(id)}`,
        },
      );
      send(response.status, response.html, response.headers);
    })().catch((error: unknown) => {
      options.deps.logger?.error(
        { error: String(error) },
        'local approval server failed a request',
      );
      if (!res.headersSent)
        send(500, layout('Error', '<h1>Something went wrong</h1><p>Nothing was changed.</p>'));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    approvalUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
