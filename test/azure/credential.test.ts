import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredential } from '../../src/azure/credential';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const IDENTITY_HEADER = 'identity-header-for-tests';
const ARM_SCOPE = 'https://management.azure.com/.default';

interface TokenRequest {
  url: URL;
  headers: IncomingHttpHeaders;
}

/**
 * App Service's local managed identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER, api-version
 * 2019-08-01), on loopback: it records each token request and answers a token naming the
 * identity asked for, so a test sees which identity the credential really asks for.
 */
let server: Server;
const requests: TokenRequest[] = [];
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ url, headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        access_token: `token-for-${url.searchParams.get('client_id') ?? 'system-assigned'}`,
        expires_on: String(Math.floor(Date.now() / 1000) + 3600),
        resource: url.searchParams.get('resource'),
        token_type: 'Bearer',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${port}/msi/token`;
  process.env.IDENTITY_HEADER = IDENTITY_HEADER;
});

afterAll(async () => {
  for (const [name, value] of [
    ['IDENTITY_ENDPOINT', saved.endpoint],
    ['IDENTITY_HEADER', saved.header],
  ] as const) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
});

/** The one token request a getToken call made, and the token it returned. */
async function tokenRequestOf(
  credential: Awaited<ReturnType<typeof createCredential>>,
): Promise<{ request: TokenRequest; token: string }> {
  const before = requests.length;
  const token = await credential.getToken(ARM_SCOPE);
  const made = requests.slice(before);
  expect(made).toHaveLength(1);
  const [request] = made;
  if (!request || !token) throw new Error('no token request');
  return { request, token: token.token };
}

describe('createCredential', () => {
  it('uses the app managed identity in Azure (App Service sets WEBSITE_SITE_NAME), with the client id configured', async () => {
    const credential = await createCredential({
      WEBSITE_SITE_NAME: 'func-ward-prod',
      AZURE_CLIENT_ID: CLIENT_ID,
    });
    expect(credential).toBeInstanceOf(ManagedIdentityCredential);
    const { request, token } = await tokenRequestOf(credential);
    expect(request.url.pathname).toBe('/msi/token');
    expect(request.url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(request.url.searchParams.get('resource')).toBe('https://management.azure.com');
    expect(request.headers['x-identity-header']).toBe(IDENTITY_HEADER);
    expect(token).toBe(`token-for-${CLIENT_ID}`);
  });

  it('asks for the system-assigned identity in Azure when no client id is configured', async () => {
    const credential = await createCredential({ WEBSITE_SITE_NAME: 'func-ward-prod' });
    const { request, token } = await tokenRequestOf(credential);
    expect(request.url.searchParams.has('client_id')).toBe(false);
    expect(token).toBe('token-for-system-assigned');
  });

  it('uses DefaultAzureCredential elsewhere, whose managed identity is the configured client id', async () => {
    expect(await createCredential({})).toBeInstanceOf(DefaultAzureCredential);
    const otherId = '66666666-7777-4888-9999-aaaaaaaaaaaa';
    const credential = await createCredential({ AZURE_CLIENT_ID: otherId });
    expect(credential).toBeInstanceOf(DefaultAzureCredential);
    const { request, token } = await tokenRequestOf(credential);
    expect(request.url.searchParams.get('client_id')).toBe(otherId);
    expect(token).toBe(`token-for-${otherId}`);
  });
});
