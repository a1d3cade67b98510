import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface SplitProxy {
  /** `host:port` to use in place of the upstream's. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * A TCP proxy that forwards what clients send in small pieces with a pause between them, so the
 * server receives a request body over many network reads (as a busy network would deliver it).
 * Answers come back unchanged. The piece size is odd on purpose: boundaries then fall inside
 * multi-byte UTF-8 sequences of 2, 3 and 4 bytes alike.
 */
export async function startSplitProxy(
  upstream: { host: string; port: number },
  options: { pieceBytes?: number; pauseMs?: number } = {},
): Promise<SplitProxy> {
  const pieceBytes = options.pieceBytes ?? 1021;
  const pauseMs = options.pauseMs ?? 2;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const server = connect(upstream.port, upstream.host);
    sockets.add(client).add(server);
    client.setNoDelay(true);
    server.setNoDelay(true);
    const end = (): void => {
      client.destroy();
      server.destroy();
    };
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
    server.pipe(client);
    // One chunk at a time, in order: each is cut into pieces written a pause apart.
    let queue = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      queue = queue.then(async () => {
        for (let at = 0; at < chunk.length; at += pieceBytes) {
          if (server.destroyed) return;
          server.write(chunk.subarray(at, at + pieceBytes));
          await delay(pauseMs);
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** The same connection string with its table endpoint sent through `proxy`. */
export function throughProxy(connectionString: string, proxy: SplitProxy): string {
  return connectionString.replace(
    /(TableEndpoint=https?:\/\/)([^/;]+)/i,
    (_whole, scheme: string) => `${scheme}${proxy.address}`,
  );
}

/** The host and port of the connection string's table endpoint. */
export function tableHostOf(connectionString: string): { host: string; port: number } {
  const match = /TableEndpoint=https?:\/\/([^/:;]+):(\d+)/i.exec(connectionString);
  if (!match?.[1] || !match[2]) throw new Error('The connection string names no table endpoint.');
  return { host: match[1], port: Number(match[2]) };
}
