import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A loopback HTTPS host that is no vault ward knows: it records every connection and any
 * Authorization header, and answers like Key Vault's challenge so a client that trusts it would
 * fetch a token and send it.
 */
export interface TokenListener {
  /** `https://127.0.0.1:{port}` */
  url: string;
  /** PEM of the CA its certificate chains to (for a control client that trusts it). */
  ca: string;
  connections(): number;
  authorizations(): string[];
  close(): Promise<void>;
}

export async function startTokenListener(): Promise<TokenListener> {
  // Its own self-signed certificate under a name of its own: a CA named like the simulator's
  // would be confused with it when a client trusts both.
  const self = await generate([{ name: 'commonName', value: 'token listener' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7 as const, ip: '127.0.0.1' }] },
    ],
  });
  const tls = { ca: self.cert, cert: self.cert, key: self.private };
  let connections = 0;
  const authorizations: string[] = [];
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const auth = req.headers.authorization;
    if (auth !== undefined) authorizations.push(auth);
    req.resume();
    res.writeHead(401, {
      'content-type': 'application/json',
      'www-authenticate':
        'Bearer authorization="https://login.microsoftonline.com/common", resource="https://vault.azure.net"',
    });
    res.end(JSON.stringify({ error: { code: 'Unauthorized', message: 'no token' } }));
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: tls.ca,
    connections: () => connections,
    authorizations: () => [...authorizations],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
