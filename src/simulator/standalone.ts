import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { startSimulator, type Simulator } from './index';
import { insecureEstate } from './seed/insecure-estate';
import { loadSeedFile } from './seed/load';
import { withDemoAccess } from './seed/demo-access';
import { wardRemediatorRole } from './rbac/infra-role';

export interface StandaloneOptions {
  /** A seed file (JSON or YAML); the bundled insecure estate when absent. */
  seedFile?: string | undefined;
  /** ARM listen port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number | undefined;
  /** Event Grid webhook every event is delivered to. */
  eventsUrl?: string | undefined;
  /**
   * Authorize every request against the seed's role assignments (`ward simulator --rbac`); the
   * bundled estate then gives the demo's identities their access (`withDemoAccess`).
   */
  rbac?: boolean | undefined;
  /** Start of the simulator's clock (and of the bundled estate's secret times). Default: now. */
  now?: Date | undefined;
}

/** The line `ward simulator` prints: where everything is and what to trust. */
export interface StandaloneInfo {
  arm: string;
  keyVaults: Record<string, string>;
  /** Path of the CA certificate (PEM) the servers' certificates chain to. */
  ca: string;
  tenantId: string;
  subscriptions: string[];
}

export interface StandaloneSimulator {
  info: StandaloneInfo;
  simulator: Simulator;
  /** Stops the servers and removes the CA file. */
  stop(): Promise<void>;
}

/** A usage problem with the standalone simulator's options. */
export class StandaloneOptionsError extends Error {
  readonly code = 'SIMULATOR_OPTIONS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'StandaloneOptionsError';
  }
}

const eventsUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });
const portSchema = z.int().min(0).max(65_535);

/**
 * Starts the simulator on its own, with every plugin, for tools outside this process: writes
 * the CA to a temporary directory and reports the URLs to use.
 */
export async function startStandalone(
  options: StandaloneOptions = {},
): Promise<StandaloneSimulator> {
  if (options.port !== undefined && !portSchema.safeParse(options.port).success) {
    throw new StandaloneOptionsError(
      `--port must be an integer from 0 to 65535, got ${options.port}`,
    );
  }
  if (options.eventsUrl !== undefined) {
    const parsed = eventsUrlSchema.safeParse(options.eventsUrl);
    if (!parsed.success) {
      throw new StandaloneOptionsError(
        `--events-url ${options.eventsUrl}: must be an http or https URL`,
      );
    }
  }
  const now = options.now ?? new Date();
  const bundled = insecureEstate({ now });
  const seed = options.seedFile
    ? await loadSeedFile(options.seedFile)
    : options.rbac
      ? withDemoAccess(bundled)
      : bundled;
  const simulator = await startSimulator({
    seed,
    port: options.port ?? 0,
    clock: { start: now },
    ...(options.rbac ? { rbac: { roles: [wardRemediatorRole()] } } : {}),
  });
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'ward-simulator-'));
    const caPath = join(dir, 'ca.pem');
    await writeFile(caPath, simulator.ca, { mode: 0o600 });
    if (options.eventsUrl) simulator.events.subscribe(options.eventsUrl, { name: 'events-url' });
    const keyVaults: Record<string, string> = {};
    for (const vault of simulator.state.list({ type: 'Microsoft.KeyVault/vaults' })) {
      keyVaults[vault.name] = simulator.vaultUriFor(vault.name);
    }
    const info: StandaloneInfo = {
      arm: simulator.armUrl,
      keyVaults,
      ca: caPath,
      tenantId: simulator.tenantId,
      subscriptions: simulator.subscriptions.map((s) => s.subscriptionId),
    };
    const tempDir = dir;
    return {
      info,
      simulator,
      stop: async () => {
        await simulator.stop();
        await rm(tempDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await simulator.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
