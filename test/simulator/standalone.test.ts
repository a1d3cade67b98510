import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { SecretClient } from '@azure/keyvault-secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runSimulator } from '../../src/cli/commands/simulator';
import { SimulatorCredential } from '../../src/simulator';
import { generateEstate } from '../../src/simulator/seed/generate';
import { INSECURE_ESTATE } from '../../src/simulator/seed/insecure-estate';
import type { StandaloneInfo } from '../../src/simulator/standalone';

const ROOT = resolve(import.meta.dirname, '../..');
const RUN_CLI = `const { main } = await import(${JSON.stringify(join(ROOT, 'src/cli/main.ts'))});
process.exitCode = await main(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr });`;

interface Running {
  child: ChildProcess;
  info: StandaloneInfo;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs `ward simulator ARGS` from source in its own Node process and reads its JSON line. */
function startWardSimulator(args: string[]): Promise<Running> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', RUN_CLI, 'simulator', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      done(code);
    }),
  );
  return new Promise((resolveStart, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        resolveStart({
          child,
          info: JSON.parse(stdout.slice(0, newline)) as StandaloneInfo,
          stderr: () => stderr,
          exited,
        });
      }
    });
    void exited.then((code) => {
      reject(new Error(`ward simulator exited (${code}) before printing: ${stderr}`));
    });
  });
}

describe('ward simulator (standalone)', () => {
  let running: Running;

  beforeAll(async () => {
    running = await startWardSimulator([]);
  });
  afterAll(async () => {
    if (running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
  });

  it('prints where ARM, each vault and the CA are', () => {
    const { info } = running;
    expect(info.arm).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(info.keyVaults).sort()).toEqual(
      Object.values(INSECURE_ESTATE.vaults).sort(),
    );
    expect(info.tenantId).toBe(INSECURE_ESTATE.tenantId);
    expect(info.subscriptions).toEqual([
      INSECURE_ESTATE.subscriptions.prod,
      INSECURE_ESTATE.subscriptions.research,
    ]);
    expect(readFileSync(info.ca, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('serves the seeded workspaces to the Machine Learning client, trusting the printed CA', async () => {
    const ca = readFileSync(running.info.ca, 'utf8');
    const credential = new SimulatorCredential({ tid: running.info.tenantId });
    const ml = new AzureMachineLearningWorkspaces(credential, INSECURE_ESTATE.subscriptions.prod, {
      endpoint: running.info.arm,
      $host: running.info.arm,
      credentialScopes: ['https://management.azure.com/.default'],
      tlsOptions: { ca },
    });
    const names: string[] = [];
    for await (const workspace of ml.workspaces.listBySubscription()) names.push(workspace.name!);
    expect(names.sort()).toEqual(
      [
        INSECURE_ESTATE.workspaces.secure,
        INSECURE_ESTATE.workspaces.public,
        INSECURE_ESTATE.workspaces.hub,
      ].sort(),
    );
  });

  it('serves secrets to SecretClient at the printed vault URL', async () => {
    const ca = readFileSync(running.info.ca, 'utf8');
    const client = new SecretClient(
      running.info.keyVaults[INSECURE_ESTATE.vaults.secure]!,
      new SimulatorCredential(),
      {
        disableChallengeResourceVerification: true,
        tlsOptions: { ca },
      },
    );
    const names: string[] = [];
    for await (const properties of client.listPropertiesOfSecrets()) names.push(properties.name);
    expect(names).toEqual(['model-registry-token', 'teams-webhook-url']);
  });

  it('stops cleanly on SIGTERM and removes its CA file', async () => {
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(existsSync(running.info.ca)).toBe(false);
  });
});

describe('ward simulator --seed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-standalone-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a seed file and stops on SIGINT', async () => {
    const seed = generateEstate({ resources: 40, seed: 3, subscriptions: 2 });
    const file = join(dir, 'estate.json');
    await writeFile(file, JSON.stringify(seed));
    const run = await startWardSimulator(['--seed', file]);
    expect(run.info.subscriptions).toEqual(seed.subscriptions.map((s) => s.subscriptionId));
    const vaults = seed.resources
      .filter((r) => r.type === 'Microsoft.KeyVault/vaults')
      .map((r) => r.name);
    expect(Object.keys(run.info.keyVaults).sort()).toEqual(vaults.sort());
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('exits 2 naming the file when the seed is invalid', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'tenantId: not-a-guid\nsubscriptions: []\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', RUN_CLI, 'simulator', '--seed', file],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) =>
      child.once('exit', (c) => {
        done(c);
      }),
    );
    expect(code).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toContain('tenantId');
  });
});

describe('runSimulator in process', () => {
  function buffers() {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: { write: (chunk: string) => (out.stdout += chunk) },
        stderr: { write: (chunk: string) => (out.stderr += chunk) },
      },
    };
  }

  it('prints one line, serves until told to stop, then answers 0', async () => {
    const { out, io } = buffers();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolveStop) => {
      stop = resolveStop;
    });
    const run = runSimulator({ now: new Date('2026-02-01T00:00:00Z') }, io, stopped);
    await expect.poll(() => out.stdout.includes('\n'), { timeout: 20_000 }).toBe(true);
    const info = JSON.parse(out.stdout) as StandaloneInfo;
    expect(existsSync(info.ca)).toBe(true);
    stop();
    expect(await run).toBe(0);
    expect(existsSync(info.ca)).toBe(false);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('answers 1 naming the port when it is taken, and for a bad events URL', async () => {
    const blocker = createServer();
    await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const { out, io } = buffers();
      expect(await runSimulator({ port }, io, Promise.resolve())).toBe(1);
      expect(out.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(out.stdout).toBe('');
    } finally {
      await new Promise<void>((closed) =>
        blocker.close(() => {
          closed();
        }),
      );
    }
    const { out, io } = buffers();
    expect(await runSimulator({ eventsUrl: 'ftp://example' }, io, Promise.resolve())).toBe(1);
    expect(out.stderr).toContain('--events-url ftp://example');
  });
});
