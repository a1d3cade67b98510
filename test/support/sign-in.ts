import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntraSignInSettings } from '../../src/approvals/entra-token';
import { ID_TOKEN_HEADER } from '../../src/approvals/entra-token';
import { encodeClientPrincipal, PRINCIPAL_HEADER } from '../../src/approvals/principal';
import {
  createDevTokenIssuer,
  DEV_JWKS_PATH,
  type DevTokenIssuer,
  type TokenOverrides,
  type TokenSubject,
} from '../../src/demo/dev-token-issuer';

/**
 * A tenant's sign-in as the approval page sees it: an issuer signing id tokens and its keys
 * served over loopback HTTP, as Entra ID serves `/discovery/v2.0/keys`.
 */
export interface TestSignIn {
  issuer: DevTokenIssuer;
  jwksUrl: string;
  /** What ward verifies with (WardOptions.approvalSignIn). */
  settings: EntraSignInSettings;
  /** How many times the keys were fetched (the verifier caches them). */
  jwksFetches(): number;
  /** The headers App Service authentication forwards for a signed-in person. */
  headersFor(person: TokenSubject, overrides?: TokenOverrides): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startTestSignIn(
  options: { tenantId?: string; clientId?: string } = {},
): Promise<TestSignIn> {
  const issuer = await createDevTokenIssuer(options);
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === DEV_JWKS_PATH) {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(issuer.jwks()));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${DEV_JWKS_PATH}`;
  return {
    issuer,
    jwksUrl,
    settings: issuer.signInSettings(jwksUrl),
    jwksFetches: () => fetches,
    async headersFor(person, overrides) {
      return {
        [PRINCIPAL_HEADER]: encodeClientPrincipal({ ...person, roles: [...person.roles] }),
        [ID_TOKEN_HEADER]: await issuer.idToken(person, overrides),
      };
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
