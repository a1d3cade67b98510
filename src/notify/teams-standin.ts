import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** The message envelope a Workflows webhook accepts, as far as the stand-in checks it. */
const messageSchema = z.object({
  type: z.literal('message'),
  attachments: z
    .array(
      z.object({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null().optional(),
        content: z.looseObject({ type: z.literal('AdaptiveCard'), version: z.string() }),
      }),
    )
    .min(1),
});

export interface ReceivedCard {
  receivedAt: string;
  card: Record<string, unknown>;
}

export interface TeamsStandIn {
  origin: string;
  /** Post here as the Teams webhook URL in `ward demo`. */
  webhookUrl: string;
  received(): readonly ReceivedCard[];
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

/**
 * `ward demo`'s stand-in for a Teams channel: it takes webhook posts as the Workflows trigger
 * would (checking the envelope, answering 202 or 400) and shows every card rendered by the
 * adaptivecards renderer in a page on loopback.
 */
export async function startTeamsStandIn(options: {
  now: () => Date;
  port?: number;
}): Promise<TeamsStandIn> {
  const require = createRequire(import.meta.url);
  const renderer = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'));
  const cards: ReceivedCard[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname.startsWith('/webhook/')) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY) chunks.push(chunk);
      });
      req.on('end', () => {
        if (size > MAX_BODY) {
          res.writeHead(413).end('message too large');
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          res.writeHead(400).end('body is not JSON');
          return;
        }
        const parsed = messageSchema.safeParse(json);
        if (!parsed.success) {
          res.writeHead(400).end(`not a Teams message: ${parsed.error.message}`);
          return;
        }
        for (const attachment of parsed.data.attachments) {
          cards.push({ receivedAt: options.now().toISOString(), card: attachment.content });
        }
        res.writeHead(202).end();
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/adaptivecards.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(renderer);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cards));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(channelPage(cards));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    webhookUrl: `${origin}/webhook/demo`,
    received: () => cards,
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

/** JSON inside a script element: `<` escaped so no card text can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function channelPage(cards: readonly ReceivedCard[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ward demo · Teams channel stand-in</title>
<style>
body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#f5f5f5;color:#1b1b1b}
main{max-width:44rem;margin:0 auto;padding:1rem}
.post{background:#fff;border:1px solid #d1d1d1;border-radius:6px;margin:1rem 0;padding:.5rem}
.meta{color:#4a4a4a;font-size:.85rem;margin:.25rem .5rem}
</style>
<script src="/adaptivecards.min.js"></script>
</head><body><main>
<h1>Teams channel stand-in</h1>
<p>${cards.length} message(s) received from ward. Newest last. Reload to see new posts.</p>
<div id="posts"></div>
</main>
<script>
const cards = ${scriptJson(cards)};
const host = document.getElementById('posts');
for (const [index, item] of cards.entries()) {
  const post = document.createElement('article');
  post.className = 'post';
  post.setAttribute('aria-label', 'Message ' + (index + 1));
  const meta = document.createElement('p');
  meta.className = 'meta';
  meta.textContent = 'ward · ' + item.receivedAt;
  post.appendChild(meta);
  const card = new AdaptiveCards.AdaptiveCard();
  card.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.OpenUrlAction) window.open(action.url, '_blank', 'noopener');
  };
  card.parse(item.card);
  const element = card.render();
  if (element) post.appendChild(element);
  host.appendChild(post);
}
</script>
</body></html>`;
}
