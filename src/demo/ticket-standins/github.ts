import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { readSpec } from './specs';
import {
  startTicketStandIn,
  type StandInRequest,
  type TicketStandIn,
  type VendorBehaviour,
} from './server';
import type { StandInTicket, TicketBook } from './store';

/** GitHub's error body: `{ message, documentation_url }`. */
function errorBody(status: number, message: string): unknown {
  return {
    message: status === 401 ? 'Bad credentials' : status === 404 ? 'Not Found' : message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  };
}

/** Verifies the App JWT (RS256) the way GitHub does: signature, issuer = app id, not expired. */
function verifyAppJwt(token: string, key: KeyObject, appId: number, now: Date): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(key, Buffer.from(signature, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    iss?: unknown;
    exp?: unknown;
  };
  return (
    String(claims.iss) === String(appId) &&
    typeof claims.exp === 'number' &&
    claims.exp * 1000 > now.getTime()
  );
}

function issueJson(ticket: StandInTicket, origin: string, owner: string, repo: string): unknown {
  return {
    id: ticket.id,
    node_id: `I_${ticket.id}`,
    number: ticket.id,
    url: `${origin}/repos/${owner}/${repo}/issues/${ticket.id}`,
    html_url: ticket.url,
    title: ticket.title,
    body: ticket.body,
    state: ticket.state,
    labels: ticket.labels.map((name, i) => ({ id: i + 1, name })),
    comments: ticket.comments.length,
    created_at: ticket.createdAt,
  };
}

export interface GitHubStandInOptions {
  owner: string;
  repo: string;
  appId: number;
  installationId: number;
  /** The App's public key: only JWTs its private key signed get installation tokens. */
  publicKeyPem: string;
  now?: () => Date;
}

/** GitHub's REST API for issues, validated against `@octokit/openapi` (see specs/SOURCES.md). */
export async function startGitHubStandIn(options: GitHubStandInOptions): Promise<TicketStandIn> {
  const now = options.now ?? (() => new Date());
  const key = createPublicKey(options.publicKeyPem);
  const tokens = new Set<string>();
  const htmlOrigin = 'https://github.com';
  const behaviour: VendorBehaviour = {
    system: 'GitHub Issues',
    spec: JSON.parse(readSpec('github-issues.json')) as unknown,
    errorBody,
    authorized(req: StandInRequest) {
      const auth = req.headers.authorization ?? '';
      const [scheme, token] = auth.split(' ');
      if (!token) return false;
      if (req.operationId === 'apps/create-installation-access-token') {
        return scheme?.toLowerCase() === 'bearer' && verifyAppJwt(token, key, options.appId, now());
      }
      return tokens.has(token);
    },
    handle(req: StandInRequest, book: TicketBook) {
      const { owner, repo } = req.params;
      if (req.operationId === 'apps/create-installation-access-token') {
        if (req.params.installation_id !== String(options.installationId))
          return { status: 404, body: errorBody(404, '') };
        const token = `ghs_${randomBytes(18).toString('hex')}`;
        tokens.add(token);
        return {
          status: 201,
          body: {
            token,
            expires_at: new Date(now().getTime() + 3600_000).toISOString(),
            permissions: { issues: 'write' },
          },
        };
      }
      if (owner !== options.owner || repo !== options.repo)
        return { status: 404, body: errorBody(404, '') };
      const body = (req.body ?? {}) as Record<string, unknown>;
      const number = Number(req.params.issue_number);
      const issue = Number.isFinite(number) ? book.get(number) : undefined;
      switch (req.operationId) {
        case 'issues/list-for-repo': {
          const labels = (req.query.get('labels') ?? '').split(',').filter(Boolean);
          const state = req.query.get('state') ?? 'open';
          const found = book
            .tickets()
            .filter((t) => labels.every((l) => t.labels.includes(l)))
            .filter((t) => state === 'all' || t.state === state);
          return { status: 200, body: found.map((t) => issueJson(t, req.origin, owner, repo)) };
        }
        case 'issues/create': {
          const labels = Array.isArray(body.labels)
            ? body.labels.map((l) =>
                typeof l === 'string' ? l : String((l as { name?: unknown }).name),
              )
            : [];
          const created = book.create({
            title: String(body.title),
            body: typeof body.body === 'string' ? body.body : '',
            labels,
            fields: { assignees: body.assignees ?? [] },
            key: (id) => `#${id}`,
            url: (id) => `${htmlOrigin}/${owner}/${repo}/issues/${id}`,
          });
          return { status: 201, body: issueJson(created, req.origin, owner, repo) };
        }
        case 'issues/get':
          return issue
            ? { status: 200, body: issueJson(issue, req.origin, owner, repo) }
            : { status: 404, body: errorBody(404, '') };
        case 'issues/update': {
          if (!issue) return { status: 404, body: errorBody(404, '') };
          if (body.state === 'closed' || body.state === 'open') book.setState(issue, body.state);
          return { status: 200, body: issueJson(issue, req.origin, owner, repo) };
        }
        case 'issues/create-comment': {
          if (!issue) return { status: 404, body: errorBody(404, '') };
          book.comment(issue, String(body.body));
          return {
            status: 201,
            body: {
              id: issue.comments.length,
              body: body.body,
              html_url: `${issue.url}#issuecomment-${issue.comments.length}`,
            },
          };
        }
        case 'issues/list-comments':
          return issue
            ? {
                status: 200,
                body: issue.comments.map((c, i) => ({ id: i + 1, body: c.body, created_at: c.at })),
              }
            : { status: 404, body: errorBody(404, '') };
        default:
          return { status: 404, body: errorBody(404, '') };
      }
    },
  };
  return startTicketStandIn(behaviour, { now });
}
