import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulatorHarness, type SimulatorHarness } from '../../support/simulator';
import { actionContext, type ActionTestContext } from './context';
import { actionsEstate } from './estate';

/** The simulator on the actions estate and the context built on it, once the file has started. */
export interface ActionsEstate {
  readonly h: SimulatorHarness;
  readonly t: ActionTestContext;
}

/**
 * Starts one simulator on the actions estate for the calling test file and stops it afterwards.
 * Faults and counters are cleared before each test so one test's injected failure or writes
 * never leak into the next; state is kept, because cases in a file build on each other.
 */
export function useActionsEstate(): ActionsEstate {
  let harness: SimulatorHarness | undefined;
  let context: ActionTestContext | undefined;
  beforeAll(async () => {
    harness = await startSimulatorHarness(actionsEstate());
    context = actionContext(harness);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  beforeEach(() => {
    harness?.sim.faults.clear();
    harness?.sim.counters.reset();
  });
  return {
    get h() {
      if (!harness) throw new Error('the actions estate starts in beforeAll');
      return harness;
    },
    get t() {
      if (!context) throw new Error('the actions estate starts in beforeAll');
      return context;
    },
  };
}
