import { describe, expect, inject, it } from 'vitest';
import { runScenario, SCENARIOS } from './matrix';

describe('the fault matrix: two ward processes on one event stream, one Azurite', () => {
  it.each(SCENARIOS)(
    '%s: nothing lost, nothing applied twice, every decision once',
    async (scenario) => {
      const figures = await runScenario(scenario, inject('azuriteConnectionString'));
      expect(figures).toMatchObject({ lost: 0, appliedTwice: 0, decisionsTwice: 0 });
      expect(figures.applied).toBe(figures.events);
      // Two node processes handled the stream; a killed one was replaced by a third.
      expect(figures.processes).toBe(scenario.startsWith('process killed') ? 3 : 2);
    },
    60_000,
  );
});
