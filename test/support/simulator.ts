import {
  createAzureClients,
  type AzureClients,
  type AzureClientsOptions,
} from '../../src/azure/clients';
import { ThrottleBuckets } from '../../src/azure/throttle';
import {
  SimulatorCredential,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator';
import type { Seed } from '../../src/simulator/seed/format';
import type { VaultLocator } from '../../src/readers/types';

/** ward's principal in tests: the object id the simulator's counters and events carry. */
export const WARD_PRINCIPAL_ID = 'a0a0a0a0-0000-4000-8000-0000000000aa';
/** A person changing resources in tests (the insecure change ward reacts to). */
export const ALICE_PRINCIPAL_ID = 'b0b0b0b0-0000-4000-8000-0000000000bb';

/** The simulator's vaults by data-plane URL, as ward's vault directory finds them in ARM. */
export function simulatorVaults(sim: Pick<Simulator, 'state'>): VaultLocator {
  const key = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
  return {
    resolve: (url) =>
      Promise.resolve(
        sim.state
          .list({ type: 'Microsoft.KeyVault/vaults' })
          .find((vault) => key(String(vault.properties?.vaultUri)) === key(url))?.id,
      ),
  };
}

export interface SimulatorHarness {
  sim: Simulator;
  seed: Seed;
  /** Real SDK clients (src/azure/clients) signed as ward, trusting the simulator's CA only. */
  clients: AzureClients;
  /** Clients signed as someone else (a person changing the resource under ward's plan). */
  otherClients: AzureClients;
  stop(): Promise<void>;
}

/**
 * Real SDK clients (src/azure/clients) signed as `oid` in the seed's tenant, trusting the
 * simulator's CA only, with throttle buckets of their own; `overrides` win.
 */
export function simulatorClients(
  sim: Simulator,
  seed: Seed,
  principal: { oid: string; name: string },
  overrides: Partial<AzureClientsOptions> = {},
): AzureClients {
  return createAzureClients({
    credential: new SimulatorCredential({ ...principal, tid: seed.tenantId }),
    armEndpoint: sim.armUrl,
    ca: sim.ca,
    throttle: new ThrottleBuckets(),
    ...overrides,
  });
}

function clientsFor(sim: Simulator, seed: Seed, oid: string, name: string): AzureClients {
  const subscriptionId = seed.subscriptions[0]?.subscriptionId;
  return simulatorClients(sim, seed, { oid, name }, subscriptionId ? { subscriptionId } : {});
}

/** Starts the simulator on a seed with ward's real clients pointed at it. */
export async function startSimulatorHarness(
  seed: Seed,
  options: Omit<SimulatorOptions, 'seed'> = {},
): Promise<SimulatorHarness> {
  const sim = await startSimulator({ seed, ...options });
  return {
    sim,
    seed,
    clients: clientsFor(sim, seed, WARD_PRINCIPAL_ID, 'ward'),
    otherClients: clientsFor(sim, seed, ALICE_PRINCIPAL_ID, 'alice'),
    stop: () => sim.stop(),
  };
}

/** Runs `body` against a fresh simulator and always stops it. */
export async function withSimulator<T>(
  seed: Seed,
  body: (harness: SimulatorHarness) => Promise<T>,
  options: Omit<SimulatorOptions, 'seed'> = {},
): Promise<T> {
  const harness = await startSimulatorHarness(seed, options);
  try {
    return await body(harness);
  } finally {
    await harness.stop();
  }
}
