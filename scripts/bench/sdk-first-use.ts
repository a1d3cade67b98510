// Entry bundled by the cold-start bench exactly as scripts/build.mjs bundles the functions
// (esbuild, ESM, code splitting): `firstUse(getter)` times the first call of one client getter,
// which loads that SDK's chunk and builds the client. No request is sent.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';

export const GETTERS = [
  'resources',
  'machineLearning',
  'network',
  'monitor',
  'resourceGraph',
  'secrets',
] as const;
export type Getter = (typeof GETTERS)[number];

const noToken: TokenCredential = {
  getToken: (): Promise<AccessToken | null> => Promise.resolve(null),
};

export async function firstUse(getter: Getter): Promise<number> {
  const clients = createAzureClients({
    credential: noToken,
    armEndpoint: 'https://management.azure.com',
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    throttle: new ThrottleBuckets(),
  });
  const started = performance.now();
  switch (getter) {
    case 'resources':
      await clients.resources();
      break;
    case 'machineLearning':
      await clients.machineLearning();
      break;
    case 'network':
      await clients.network();
      break;
    case 'monitor':
      await clients.monitor();
      break;
    case 'resourceGraph':
      await clients.resourceGraph();
      break;
    case 'secrets':
      await clients.secrets('https://ward-bench.vault.azure.net');
      break;
  }
  return performance.now() - started;
}
