import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { DemoError } from './errors';
import { closeServer, listenLoopback, readBody, send } from './http';
import { TEAMS_PAGE_HTML, TEAMS_PAGE_SCRIPT } from './teams-page';

/** Teams Workflows accept up to about 28 KB per message; twice that is plenty for a stand-in. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** The stand-in keeps this many messages; older ones are dropped first. */
const MAX_MESSAGES = 1000;

const teamsMessageSchema = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        content: z.looseObject({ type: z.literal('AdaptiveCard') }),
      }),
    )
    .min(1, 'a message needs at least one Adaptive Card attachment'),
});

export interface ReceivedTeamsMessage {
  /** 1-based, in arrival order. */
  seq: number;
  receivedAt: string;
  /** The cards the message carried, as posted. */
  cards: Record<string, unknown>[];
}

export interface TeamsStandIn {
  /** `http://127.0.0.1:<port>`: the page that shows the channel. */
  readonly origin: string;
  /** Where the notifier posts: plays the role of the Workflows trigger URL. */
  readonly webhookUrl: string;
  /** Messages received so far, oldest first. */
  messages(): readonly ReceivedTeamsMessage[];
  close(): Promise<void>;
}

export interface TeamsStandInOptions {
  port?: number;
  now?: () => Date;
}

function rendererScript(): Buffer {
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve('adaptivecards/dist/adaptivecards.min.js');
  } catch (cause) {
    throw new DemoError(
      'RENDERER_MISSING',
      `the adaptivecards package is not installed (run npm ci): ${String(cause)}`,
    );
  }
  return readFileSync(path);
}

const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/**
 * A local stand-in for a Teams channel with a Workflows webhook: it accepts the posts ward's
 * notifier makes and shows every card, rendered by the adaptivecards renderer, on one page.
 * Listens on loopback only; the webhook path carries a random token as a real trigger URL does.
 */
export async function startTeamsStandIn(options: TeamsStandInOptions = {}): Promise<TeamsStandIn> {
  const renderer = rendererScript();
  const now = options.now ?? (() => new Date());
  const token = randomBytes(16).toString('hex');
  const webhookPath = `/workflows/${token}/triggers/manual/invoke`;
  const received: ReceivedTeamsMessage[] = [];
  let seq = 0;

  async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text: string;
    try {
      text = await readBody(req, MAX_MESSAGE_BYTES);
    } catch (cause) {
      send(res, 413, cause instanceof Error ? cause.message : 'body too large');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      send(res, 400, 'the body is not JSON');
      return;
    }
    const parsed = teamsMessageSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      send(res, 400, `not a Teams message: ${problems}`);
      return;
    }
    seq += 1;
    received.push({
      seq,
      receivedAt: now().toISOString(),
      cards: parsed.data.attachments.map((attachment) => attachment.content),
    });
    if (received.length > MAX_MESSAGES) received.shift();
    send(res, 202, '');
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    if (path === webhookPath) {
      if (method !== 'POST') {
        send(res, 405, 'POST a Teams message here', { allow: 'POST' });
        return;
      }
      receive(req, res).catch(() => {
        send(res, 500, 'could not store the message');
      });
      return;
    }
    const pages = new Set(['/', '/teams-page.js', '/adaptivecards.min.js', '/messages.json']);
    if (!pages.has(path)) {
      send(res, 404, 'not found');
      return;
    }
    if (method !== 'GET') {
      send(res, 405, 'method not allowed', { allow: 'GET' });
      return;
    }
    switch (path) {
      case '/':
        send(res, 200, TEAMS_PAGE_HTML, {
          ...PAGE_HEADERS,
          'content-type': 'text/html; charset=utf-8',
        });
        return;
      case '/teams-page.js':
        send(res, 200, TEAMS_PAGE_SCRIPT, { 'content-type': 'text/javascript; charset=utf-8' });
        return;
      case '/adaptivecards.min.js':
        send(res, 200, renderer, { 'content-type': 'text/javascript; charset=utf-8' });
        return;
      case '/messages.json':
        send(res, 200, JSON.stringify({ messages: received }), {
          'content-type': 'application/json; charset=utf-8',
        });
        return;
      default:
        send(res, 404, 'not found');
    }
  });
  const origin = await listenLoopback(server, options.port ?? 0);
  return {
    origin,
    webhookUrl: `${origin}${webhookPath}`,
    messages: () => received.slice(),
    close: () => closeServer(server),
  };
}
