import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatorCredential } from '../../src/simulator';

/**
 * A stand-in for App Service's managed identity endpoint (IDENTITY_ENDPOINT, protocol
 * 2019-08-01): `GET ?resource=...&client_id=...` with the `X-IDENTITY-HEADER` secret answers an
 * access token for the user-assigned identity. The tokens are the simulator's (unsigned, with
 * the identity's oid and appid), so ward's real ManagedIdentityCredential signs its calls to the
 * simulator exactly as it does in Azure.
 */
export interface ManagedIdentityEndpoint {
  /** The app settings App Service sets for the identity endpoint. */
  env: { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** Resources tokens were asked for, in order. */
  requested(): string[];
  close(): Promise<void>;
}

export async function startManagedIdentityEndpoint(identity: {
  clientId: string;
  principalId: string;
  tenantId: string;
}): Promise<ManagedIdentityEndpoint> {
  const secret = randomBytes(16).toString('hex');
  const credential = new SimulatorCredential({
    oid: identity.principalId,
    appid: identity.clientId,
    tid: identity.tenantId,
    name: 'ward',
  });
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const resource = url.searchParams.get('resource') ?? '';
    const fail = (status: number, message: string): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: status, message }));
    };
    if (req.headers['x-identity-header'] !== secret) {
      fail(401, 'X-IDENTITY-HEADER is wrong');
      return;
    }
    if (resource === '') {
      fail(400, 'resource is required');
      return;
    }
    const clientId = url.searchParams.get('client_id');
    if (clientId !== null && clientId !== identity.clientId) {
      fail(400, `no user-assigned identity with client id ${clientId}`);
      return;
    }
    requested.push(resource);
    void credential.getToken(`${resource.replace(/\/+$/, '')}/.default`).then((token) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: token.token,
          expires_on: String(Math.floor(token.expiresOnTimestamp / 1000)),
          resource,
          token_type: 'Bearer',
          client_id: identity.clientId,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    env: { IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`, IDENTITY_HEADER: secret },
    requested: () => requested.slice(),
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
