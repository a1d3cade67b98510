import { generateKeyPairSync } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createAzureClients } from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import { startGitHubStandIn } from '../../src/demo/ticket-standins/github';
import type { TicketStandIn } from '../../src/demo/ticket-standins/server';
import { SimulatorCredential } from '../../src/simulator';
import { WARD_OID } from './harness';
import { wireTicketSystems } from '../../src/app/ticket-systems';
import { ticketSystemsSchema } from '../../src/config/ticket-systems';
import { startSimulator, type Simulator } from '../../src/simulator';
import { createTicketRegistry } from '../../src/tickets/registry';
import { tablesForTest } from '../support/azurite';
import { finding } from '../tickets/adapter-harness';
import { SCOPE, SUB, TENANT, keyVault, smallSeed } from './estate';

const VAULT = keyVault(SCOPE, {
  name: 'kv-it-tickets',
  purgeProtection: true,
  rbacAuthorization: false,
  publicNetworkAccess: 'Enabled',
  accessPolicyObjectId: WARD_OID,
});

let sim: Simulator | undefined;
let standIn: TicketStandIn | undefined;
afterEach(async () => {
  await sim?.stop();
  await standIn?.close();
});

it('reads the GitHub App key from Key Vault when it files, and files the issue as the App', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  standIn = await startGitHubStandIn({
    owner: 'contoso',
    repo: 'ml-platform',
    appId: 42,
    installationId: 4242,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  sim = await startSimulator({ seed: smallSeed({ resources: [VAULT] }) });
  const vaultUri = String(sim.state.get(VAULT.id)?.properties?.vaultUri);
  const clients = createAzureClients({
    credential: new SimulatorCredential({ oid: WARD_OID, tid: TENANT, name: 'ward' }),
    armEndpoint: sim.armUrl,
    ca: sim.ca,
    throttle: new ThrottleBuckets(),
    subscriptionId: SUB,
  });
  // The platform team stores the App's key in the vault; ward holds it nowhere else.
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await (await clients.secrets(vaultUri)).setSecret('github-app-key', pem);

  const policy = ticketSystemsSchema.parse({
    default: 'github',
    github: {
      apiUrl: standIn.origin,
      owner: 'contoso',
      repo: 'ml-platform',
      appId: 42,
      installationId: 4242,
      privateKeySecret: `${vaultUri}secrets/github-app-key`,
    },
  });
  const tables = tablesForTest('ghkv')();
  const alerts: string[] = [];
  const external = wireTicketSystems({
    policy,
    credential: new SimulatorCredential({ oid: WARD_OID, tid: TENANT, name: 'ward' }),
    clients,
    tables,
    now: () => new Date(),
    sleep: () => Promise.resolve(),
    options: { ca: standIn.ca },
    secrets: [],
    alert: (alert) => {
      alerts.push(alert.summary);
      return Promise.resolve();
    },
    onDelivered: () => Promise.resolve(),
  });
  const registry = createTicketRegistry({ table: () => tables.table('WardTickets') });
  const f = finding('stghkv01');
  const { link } =
    (await external?.onOpen(
      {
        finding: f,
        ruleTitle: 'Storage accounts disallow shared key access',
        remedy: 'Disable it.',
      },
      await registry.open(f, new Date()),
    )) ?? {};
  expect(alerts).toEqual([]);
  expect(standIn.tickets()).toHaveLength(1);
  expect(link?.url).toBe(standIn.tickets()[0]?.url);
  expect(standIn.requests()).toContain('POST /app/installations/4242/access_tokens');
  expect(standIn.rejected()).toEqual([]);
});
