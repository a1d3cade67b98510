import { generateKeyPairSync } from 'node:crypto';
import { describe } from 'vitest';
import { githubPolicySchema } from '../../src/config/ticket-systems';
import { startGitHubStandIn } from '../../src/demo/ticket-standins/github';
import { httpsFetch } from '../../src/tickets/https-fetch';
import { createGitHubSystem } from '../../src/tickets/systems/github';
import { adapterSuite } from './adapter-harness';

describe('GitHub Issues adapter against the GitHub stand-in', () => {
  adapterSuite('github', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const standIn = await startGitHubStandIn({
      owner: 'contoso',
      repo: 'platform-security',
      appId: 123456,
      installationId: 987654,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const policy = githubPolicySchema.parse({
      apiUrl: standIn.origin,
      owner: 'contoso',
      repo: 'platform-security',
      appId: 123456,
      installationId: 987654,
      privateKeySecret: 'https://ward-kv.vault.azure.net/secrets/github-app-key',
    });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return {
      standIn,
      system: () =>
        Promise.resolve(
          createGitHubSystem({ policy, privateKey: pem, fetch: httpsFetch({ ca: standIn.ca }) }),
        ),
      bodyText: (body) => body,
      createRequest: /^POST \/repos\/[^/]+\/[^/]+\/issues$/,
      close: () => standIn.close(),
    };
  });
});
