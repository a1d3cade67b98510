import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the receiver answers to the n-th post (0-based); default 202 like a workflow trigger. */
export type Script = (index: number) => { status: number; headers?: Record<string, string> };

export interface TeamsReceiver {
  /** A URL shaped like a Workflows trigger URL, with a signature the tests treat as a canary. */
  url(signature: string): string;
  origin: string;
  posts: ReceivedPost[];
  setScript(script: Script): void;
  close(): Promise<void>;
}

/** A loopback HTTP server standing in for the Teams Workflows webhook endpoint. */
export async function startTeamsReceiver(
  script: Script = () => ({ status: 202 }),
): Promise<TeamsReceiver> {
  let current = script;
  const posts: ReceivedPost[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = posts.length;
      posts.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = current(index);
      res.writeHead(answer.status, answer.headers);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (signature) =>
      `${origin}/workflows/5b1b0c7e/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${signature}`,
    posts,
    setScript(next) {
      current = next;
    },
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
