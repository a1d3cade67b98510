import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { Seed } from '../../src/simulator/seed/format';
import type { AzureClients, AzureClientsOptions } from '../../src/azure/clients';
import { simulatorClients, WARD_PRINCIPAL_ID } from '../support/simulator';

export const WARD_OID = WARD_PRINCIPAL_ID;

export interface Harness {
  sim: Simulator;
  seed: Seed;
  clients(overrides?: Partial<AzureClientsOptions>): AzureClients;
  /** ARM reads the simulator counted for ward's principal since the last reset. */
  reads(): number;
  /** Requests the simulator answered 429 for ward's principal since the last reset. */
  throttled(): number;
}

/** The simulator on the bundled insecure estate, and real SDK clients pointed at it. */
export async function startHarness(options: Omit<SimulatorOptions, 'seed'> = {}): Promise<Harness> {
  const seed = insecureEstate({ now: new Date('2026-11-23T00:00:00Z') });
  const sim = await startSimulator({ seed, ...options });
  const counter = (key: 'reads' | 'throttled') => () =>
    sim.counters.snapshot().byPrincipal[WARD_OID]?.[key] ?? 0;
  return {
    sim,
    seed,
    clients: (overrides = {}) =>
      simulatorClients(sim, seed, { oid: WARD_OID, name: 'ward' }, overrides),
    reads: counter('reads'),
    throttled: counter('throttled'),
  };
}

/**
 * Starts one harness for the calling test file before its tests and stops it after them. The
 * returned harness forwards to the started one, so it is usable inside hooks and tests only.
 */
export function useHarness(options: Omit<SimulatorOptions, 'seed'> = {}): Harness {
  let started: Harness | undefined;
  const current = (): Harness => {
    if (!started) throw new Error('the harness starts in beforeAll');
    return started;
  };
  beforeAll(async () => {
    started = await startHarness(options);
  });
  afterAll(async () => {
    await started?.sim.stop();
  });
  return {
    get sim() {
      return current().sim;
    },
    get seed() {
      return current().seed;
    },
    clients: (overrides) => current().clients(overrides),
    reads: () => current().reads(),
    throttled: () => current().throttled(),
  };
}

export function idOf(seed: Seed, type: string, name?: string): string {
  const found = seed.resources.find(
    (r) => r.type.toLowerCase() === type.toLowerCase() && (name === undefined || r.name === name),
  );
  if (!found) throw new Error(`the seed has no ${type} ${name ?? ''}`);
  return found.id;
}
