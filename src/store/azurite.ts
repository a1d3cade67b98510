import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { StoreError } from './errors';

/** Azurite's well-known development account (public, documented; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_LIMIT = 8_000;
const PORT_ATTEMPTS = 3;

/**
 * Preloaded into the Azurite process: when its parent dies without calling stop() (a killed
 * test runner or demo), the orphan notices its parent changed and stops itself.
 */
const ORPHAN_WATCHDOG =
  'data:text/javascript,' +
  encodeURIComponent(
    'const parent = process.ppid;' +
      'setInterval(() => { if (process.ppid !== parent) {' +
      " process.kill(process.pid, 'SIGTERM');" +
      ' setTimeout(() => process.exit(0), 5000).unref(); } }, 500).unref();',
  );

export interface AzuriteOptions {
  /** Workspace folder for persisted data; only used when `inMemory` is false. */
  dir?: string;
  /** Keep all data in memory (the default): nothing is written to disk. */
  inMemory?: boolean;
  /**
   * Serve HTTPS with this certificate (PEM). `ca` is what clients are told to trust; it is
   * also used to check readiness. Needed for bearer tokens, which Azurite refuses over HTTP.
   */
  tls?: { cert: string; key: string; ca: string };
  /** Accept bearer tokens (Azurite's `--oauth basic`: claims are checked, signatures are not). */
  oauth?: boolean;
}

export interface AzuriteInstance {
  tableUrl: string;
  blobUrl: string;
  queueUrl: string;
  connectionString: string;
  /** The Azurite node process id. */
  pid: number;
  stop(): Promise<void>;
}

const packageJson = z.object({ bin: z.record(z.string(), z.string()) });

/** The azurite package's main bin script, resolved from this module (never through npx). */
export function azuriteEntry(): string {
  const require = createRequire(import.meta.url);
  const packagePath = require.resolve('azurite/package.json');
  const parsed = packageJson.safeParse(JSON.parse(readFileSync(packagePath, 'utf8')));
  const bin = parsed.success ? parsed.data.bin.azurite : undefined;
  if (!bin) {
    throw new StoreError('AZURITE_START_FAILED', `${packagePath} names no "azurite" bin script.`);
  }
  return join(dirname(packagePath), bin);
}

/** A port that was free a moment ago; Azurite is told it explicitly (not every version takes 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the listening port'));
      });
    });
  });
}

/**
 * Whether Azurite itself answers at `url` (any status; its `Server` header names the service).
 * Checking the header matters: a port picked as free may have been taken by another process.
 */
async function azuriteAnswers(url: string, ca: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const onResponse = (res: IncomingMessage): void => {
      res.resume();
      resolve(/^Azurite-/i.test(String(res.headers.server ?? '')));
    };
    const options = { method: 'GET', timeout: 1_000 };
    const req = url.startsWith('https:')
      ? httpsRequest(url, { ...options, ca }, onResponse)
      : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      resolve(false);
    });
    req.end();
  });
}

function connectionStringFor(blobUrl: string, queueUrl: string, tableUrl: string): string {
  return [
    `DefaultEndpointsProtocol=${tableUrl.startsWith('https:') ? 'https' : 'http'}`,
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_ACCOUNT_KEY}`,
    `BlobEndpoint=${blobUrl}`,
    `QueueEndpoint=${queueUrl}`,
    `TableEndpoint=${tableUrl}`,
  ].join(';');
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, STOP_TIMEOUT_MS);
}

interface Attempt {
  child: ChildProcess;
  ports: { blob: number; queue: number; table: number };
  stderr: () => string;
  exited: () => string | undefined;
}

interface LaunchSettings {
  entry: string;
  /** Data folder when persistent. */
  location: string;
  /** Working directory: Azurite may drop debug or lock files there. */
  scratch: string;
  inMemory: boolean;
  tlsFiles?: { cert: string; key: string };
  oauth: boolean;
}

function launch(settings: LaunchSettings, ports: Attempt['ports']) {
  const { entry, location, scratch, inMemory, tlsFiles, oauth } = settings;
  const args = [
    '--import',
    ORPHAN_WATCHDOG,
    entry,
    '--blobHost',
    HOST,
    '--blobPort',
    String(ports.blob),
    '--queueHost',
    HOST,
    '--queuePort',
    String(ports.queue),
    '--tableHost',
    HOST,
    '--tablePort',
    String(ports.table),
    // Azurite refuses --location together with --inMemoryPersistence; the cwd serves instead.
    ...(inMemory ? [] : ['--location', location]),
    '--skipApiVersionCheck',
    '--silent',
    '--loose',
    '--disableTelemetry',
    ...(inMemory ? ['--inMemoryPersistence'] : []),
    ...(tlsFiles ? ['--cert', tlsFiles.cert, '--key', tlsFiles.key] : []),
    ...(oauth ? ['--oauth', 'basic'] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let exit: string | undefined;
  const collect = (chunk: Buffer): void => {
    // The end holds the failure; the start is Azurite's start-up chatter.
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_LIMIT);
  };
  child.stderr.on('data', collect);
  // stdout carries Azurite's start-up errors too (e.g. "port in use"); keep it for the message.
  child.stdout.on('data', collect);
  child.on('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `code ${String(code)}`;
  });
  child.on('error', (error) => {
    exit = `spawn error: ${error.message}`;
  });
  const attempt: Attempt = {
    child,
    ports,
    stderr: () => stderr.trim(),
    exited: () => exit,
  };
  return attempt;
}

async function waitUntilReady(
  attempt: Attempt,
  urls: readonly string[],
  ca: string | undefined,
): Promise<'ready' | 'exited'> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (attempt.exited() !== undefined) return 'exited';
    const up = await Promise.all(urls.map((url) => azuriteAnswers(url, ca)));
    if (up.every(Boolean)) return attempt.exited() === undefined ? 'ready' : 'exited';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new StoreError(
    'AZURITE_START_FAILED',
    `Azurite did not answer on ${urls.join(', ')} within ${START_TIMEOUT_MS / 1000}s.` +
      (attempt.stderr() ? ` Azurite said: ${attempt.stderr()}` : ''),
  );
}

/**
 * Starts Azurite (Blob, Queue, Table) on loopback as a child node process and waits until the
 * Table endpoint answers. `stop()` ends that process by its pid and waits for it to exit.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const inMemory = options.inMemory ?? true;
  if (!inMemory && !options.dir) {
    throw new StoreError('AZURITE_START_FAILED', 'Persistent Azurite needs a `dir` to write to.');
  }
  if (options.oauth && !options.tls) {
    throw new StoreError('AZURITE_START_FAILED', 'Azurite accepts bearer tokens only over HTTPS.');
  }
  const entry = azuriteEntry();
  // A private folder for the working directory (Azurite may drop debug or lock files there)
  // and the certificate files; removed on stop.
  const scratch = mkdtempSync(join(tmpdir(), 'ward-azurite-'));
  const location = inMemory ? scratch : (options.dir ?? scratch);
  const cleanup = (): void => {
    rmSync(scratch, { recursive: true, force: true });
  };
  let tlsFiles: LaunchSettings['tlsFiles'];
  if (options.tls) {
    tlsFiles = { cert: join(scratch, 'cert.pem'), key: join(scratch, 'key.pem') };
    writeFileSync(tlsFiles.cert, options.tls.cert, { mode: 0o600 });
    writeFileSync(tlsFiles.key, options.tls.key, { mode: 0o600 });
  }
  const scheme = options.tls ? 'https' : 'http';
  const ca = options.tls?.ca;
  const settings: LaunchSettings = {
    entry,
    location,
    scratch,
    inMemory,
    oauth: options.oauth ?? false,
    ...(tlsFiles ? { tlsFiles } : {}),
  };

  let lastFailure = '';
  for (let attemptNo = 1; attemptNo <= PORT_ATTEMPTS; attemptNo += 1) {
    const ports = { blob: await freePort(), queue: await freePort(), table: await freePort() };
    const attempt = launch(settings, ports);
    const [blobUrl, queueUrl, tableUrl] = [ports.blob, ports.queue, ports.table].map(
      (port) => `${scheme}://${HOST}:${port}/${AZURITE_ACCOUNT}`,
    ) as [string, string, string];
    let state: 'ready' | 'exited';
    try {
      state = await waitUntilReady(attempt, [blobUrl, queueUrl, tableUrl], ca);
    } catch (error) {
      await stopChild(attempt.child);
      cleanup();
      throw error;
    }
    if (state === 'ready' && attempt.child.pid !== undefined) {
      const child = attempt.child;
      let stopping: Promise<void> | undefined;
      return {
        tableUrl,
        blobUrl,
        queueUrl,
        connectionString: connectionStringFor(blobUrl, queueUrl, tableUrl),
        pid: attempt.child.pid,
        stop() {
          stopping ??= stopChild(child).finally(cleanup);
          return stopping;
        },
      };
    }
    await stopChild(attempt.child);
    lastFailure = `exited with ${attempt.exited() ?? 'unknown status'}${
      attempt.stderr() ? `: ${attempt.stderr()}` : ''
    }`;
    // A port taken between probing and binding is worth another try; anything else is not.
    if (!/EADDRINUSE|address already in use/i.test(attempt.stderr())) break;
  }
  cleanup();
  throw new StoreError('AZURITE_START_FAILED', `Azurite failed to start: ${lastFailure}`);
}
