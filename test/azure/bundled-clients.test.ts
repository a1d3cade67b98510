import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { functionBundleOptions, functionEntries } from '../../scripts/build-options.mjs';
import { WARD_PRINCIPAL_ID } from '../support/simulator';
import { idOf, useHarness } from '../readers/simulator-harness';

const root = resolve(import.meta.dirname, '..', '..');
const workdir = mkdtempSync(join(tmpdir(), 'ward-bundle-'));
const h = useHarness();

afterAll(() => {
  rmSync(workdir, { recursive: true, force: true });
});

/**
 * A bundled program that points ward's clients (src/azure/clients) at the simulator given on
 * stdin and makes one real call with each, every SDK loaded from its own lazily imported chunk.
 * It prints what each call answered, or the first error.
 */
const ENTRY = (src: (path: string) => string) => `
import { createAzureClients } from ${src('src/azure/clients')};
import { createCredential } from ${src('src/azure/credential')};
import { ThrottleBuckets } from ${src('src/azure/throttle')};
import { SimulatorCredential } from ${src('src/simulator/credential')};

async function callEach(t) {
  const clients = createAzureClients({
    credential: new SimulatorCredential(t.principal),
    armEndpoint: t.armEndpoint,
    ca: t.ca,
    subscriptionId: t.subscriptionId,
    throttle: new ThrottleBuckets(),
    retryOptions: { maxRetries: 0 },
  });
  const part = (id, index) => id.split('/')[index];
  const storage = await (await clients.resources()).resources.getById(t.storageId.slice(1), '2025-08-01');
  const compute = await (await clients.machineLearning()).computeOperations.get(
    part(t.computeId, 4), part(t.computeId, 8), part(t.computeId, 10));
  const nic = await (await clients.network()).networkInterfaces.get(part(t.nicId, 4), part(t.nicId, 8));
  const settings = await (await clients.monitor()).diagnosticSettings.list(t.monitoredId);
  const graph = await (await clients.resourceGraph()).resources({
    subscriptions: [t.subscriptionId],
    query: "Resources | where type =~ 'microsoft.storage/storageaccounts' | project name",
    options: { resultFormat: 'objectArray' },
  });
  const secrets = [];
  for await (const secret of (await clients.secrets(t.vaultUrl)).listPropertiesOfSecrets()) {
    secrets.push(secret.name);
  }
  return {
    credential: (await createCredential({})).constructor.name,
    resources: storage.name,
    machineLearning: compute.name,
    network: nic.name,
    monitor: settings.value.map((s) => s.name),
    resourceGraph: graph.data.map((row) => row.name).sort(),
    secrets: secrets.sort(),
  };
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
callEach(JSON.parse(input)).then(
  (answers) => process.stdout.write(JSON.stringify({ answers })),
  (error) => process.stdout.write(JSON.stringify({ error: String(error?.stack ?? error) })),
);
`;

const outputSchema = z.union([
  z.object({ answers: z.record(z.string(), z.unknown()) }),
  z.object({ error: z.string() }),
]);

/** Runs the bundle in a plain Node process, as the Functions host loads dist/functions. */
function runBundle(file: string, input: unknown): Promise<z.infer<typeof outputSchema>> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0 || stdout === '') {
        fail(new Error(`the bundle exited with ${String(code)}: ${stderr}`));
        return;
      }
      done(outputSchema.parse(JSON.parse(stdout)));
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/**
 * The function app is a split esbuild bundle: every SDK must still load from its lazily loaded
 * chunk (a CommonJS package there exposes only `default`) and reach Azure through its pipeline.
 * The bundle is built with scripts/build.mjs's own options, so what passes here is what ships.
 */
describe('SDK clients inside a split bundle', () => {
  it('builds with the function app options, and each client makes a real call from the bundle', async () => {
    const source = join(workdir, 'in');
    mkdirSync(source);
    const entry = join(source, 'entry.js');
    writeFileSync(
      entry,
      ENTRY((path) => JSON.stringify(join(root, path))),
    );
    // Built beside the function app's own entries, so the SDK chunks are the ones that ship.
    const triggers = functionEntries(root).map((path) => ({
      in: path,
      out: basename(path, '.ts'),
    }));
    expect(triggers.length).toBeGreaterThan(0);
    await build(
      functionBundleOptions(root, [...triggers, { in: entry, out: 'probe' }], join(workdir, 'out')),
    );

    const { sim, seed } = h;
    const vaultUrl = sim.state.get(idOf(seed, 'Microsoft.KeyVault/vaults', 'kv-ml-prod-legacy'))
      ?.properties?.vaultUri;
    const output = await runBundle(join(workdir, 'out', 'probe.js'), {
      principal: { oid: WARD_PRINCIPAL_ID, tid: seed.tenantId, name: 'ward' },
      armEndpoint: sim.armUrl,
      ca: sim.ca,
      subscriptionId: sim.subscriptions[0]?.subscriptionId,
      storageId: idOf(seed, 'Microsoft.Storage/storageAccounts', 'stmlprodlegacy01'),
      computeId: idOf(seed, 'Microsoft.MachineLearningServices/workspaces/computes', 'ci-alice'),
      nicId: idOf(seed, 'Microsoft.Network/networkInterfaces', 'nic-jumpbox'),
      monitoredId: idOf(seed, 'Microsoft.KeyVault/vaults', 'kv-ml-prod-secure'),
      vaultUrl,
    });
    expect(output).toEqual({
      answers: {
        // Outside Azure (no WEBSITE_SITE_NAME) ward's credential is the developer chain.
        credential: 'DefaultAzureCredential',
        resources: 'stmlprodlegacy01',
        machineLearning: 'ci-alice',
        network: 'nic-jumpbox',
        monitor: ['to-log-analytics'],
        resourceGraph: ['stmlprodlegacy01', 'stmlprodsecure01'],
        secrets: expect.arrayContaining(['partner-api-token']) as unknown,
      },
    });
  });
});
