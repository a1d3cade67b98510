import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const outdir = mkdtempSync(join(tmpdir(), 'ward-bundle-'));

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/**
 * The function app is a split esbuild bundle: every SDK must still construct from its lazily
 * loaded chunk (a CommonJS package there exposes only `default`).
 */
describe('SDK clients inside a split bundle', () => {
  it('constructs every client and the credential', async () => {
    const entry = join(outdir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import { createAzureClients } from ${JSON.stringify(join(root, 'src/azure/clients'))};`,
        `import { createCredential } from ${JSON.stringify(join(root, 'src/azure/credential'))};`,
        `import { ThrottleBuckets } from ${JSON.stringify(join(root, 'src/azure/throttle'))};`,
        'export async function constructAll() {',
        '  const credential = await createCredential({ AZURE_CLIENT_ID: undefined, WEBSITE_SITE_NAME: undefined });',
        "  const clients = createAzureClients({ credential, armEndpoint: 'https://127.0.0.1:1', subscriptionId: '00000000-0000-0000-0000-000000000000', throttle: new ThrottleBuckets() });",
        '  const built = await Promise.all([clients.resources(), clients.machineLearning(), clients.network(), clients.monitor(), clients.resourceGraph(), clients.secrets("https://127.0.0.1:2")]);',
        "  return built.map((client) => client.constructor.name.replace(/\\d+$/, ''));",
        '}',
      ].join('\n'),
    );
    await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    const bundled = (await import(pathToFileURL(join(outdir, 'entry.js')).href)) as {
      constructAll(): Promise<string[]>;
    };
    expect(await bundled.constructAll()).toEqual([
      'ResourceManagementClient',
      'AzureMachineLearningWorkspaces',
      'NetworkManagementClient',
      'MonitorClient',
      'ResourceGraphClient',
      'SecretClient',
    ]);
  });
});
