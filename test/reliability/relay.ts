import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay whose upstream can be cut and moved: Azurite killed, then back on another port. */
export interface Relay {
  readonly port: number;
  /** Refuses new connections and drops open ones (the storage account is unreachable). */
  cut(): void;
  /** Forwards to this upstream from now on. */
  restore(upstreamPort: number): void;
  close(): Promise<void>;
}

export async function startRelay(upstreamPort: number): Promise<Relay> {
  let upstream: number | undefined = upstreamPort;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (upstream === undefined) {
      client.destroy();
      return;
    }
    const target = connect(upstream, '127.0.0.1');
    sockets.add(client).add(target);
    const end = (): void => {
      client.destroy();
      target.destroy();
      sockets.delete(client);
      sockets.delete(target);
    };
    client.on('error', end).on('close', end);
    target.on('error', end).on('close', end);
    client.pipe(target);
    target.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      upstream = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore(next) {
      upstream = next;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
