import fc from 'fast-check';
import { InvocationContext } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKeyVaultSecretEventsHandler } from '../../functions/keyvault-secret-events';
import { makeResourceChangesHandler } from '../../functions/resource-changes';
import { EventParseError } from '../../src/events';
import { smallSeed } from '../integration/estate';
import { startWardHarness, type WardHarness } from '../integration/harness';
import { fuzzedEvent, parseOutcome } from './event-arbitraries';
import { FUZZ_RUNS, fuzzRuns } from './fuzz-settings';

let h: WardHarness;
beforeAll(async () => {
  h = await startWardHarness({ seed: smallSeed() });
});
afterAll(async () => {
  await h.stop();
});

/** What the simulator has seen of ward: any read or write shows here. */
function simulatorActivity(): string {
  return JSON.stringify(h.sim.counters.snapshot());
}

describe(`exported event handlers fuzzing (${FUZZ_RUNS} events, in process)`, () => {
  it('acknowledge every bad event with a coded warning, throw nothing and write nothing', async () => {
    const resource = makeResourceChangesHandler(() => Promise.resolve(h.ward.useCases));
    const secret = makeKeyVaultSecretEventsHandler(() => Promise.resolve(h.ward.useCases));
    const before = simulatorActivity();
    const warnings: unknown[] = [];
    const context = (functionName: string): InvocationContext =>
      new InvocationContext({
        invocationId: 'fuzz',
        functionName,
        logHandler: (level, ...args) => {
          if (level === 'warning') warnings.push(args[1]);
          else throw new Error(`unexpected ${level} log: ${String(args[0])}`);
        },
      });
    // Only events the parser refuses: a valid one would rightly be judged and recorded.
    const bad = fuzzedEvent.filter((raw) => parseOutcome(raw) instanceof EventParseError);
    let handled = 0;
    await fc.assert(
      fc.asyncProperty(bad, async (raw) => {
        warnings.length = 0;
        await resource(raw, context('resourceChanges'));
        await secret(raw, context('keyVaultSecretEvents'));
        handled += 2;
        expect(warnings).toHaveLength(2);
        for (const warning of warnings) {
          expect(warning).toMatchObject({
            code: expect.stringMatching(/^(malformed|unsupported-type)$/),
          });
        }
      }),
      fuzzRuns,
    );
    expect(handled).toBe(2 * FUZZ_RUNS);
    // Nothing written: no ledger entry in Tables, no call to the simulator.
    expect(await h.ward.ledger.listAll()).toEqual([]);
    expect(simulatorActivity()).toBe(before);
  }, 120_000);
});
