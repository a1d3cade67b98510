import { afterEach } from 'vitest';
import { startSimulator } from '../../../src/simulator';
import type { Simulator, SimulatorOptions } from '../../../src/simulator';
import { smallSeed } from './small-seed';

/**
 * A starter for simulators on the small seed with one quick LRO poll; every simulator it
 * started is stopped after each test of the calling file.
 */
export function smallSeedSimulators(): (options?: Partial<SimulatorOptions>) => Promise<Simulator> {
  const started: Simulator[] = [];
  afterEach(async () => {
    while (started.length > 0) await started.pop()?.stop();
  });
  return async (options = {}) => {
    const sim = await startSimulator({
      seed: smallSeed(),
      lro: { polls: 1, retryAfterSeconds: 0 },
      ...options,
    });
    started.push(sim);
    return sim;
  };
}
