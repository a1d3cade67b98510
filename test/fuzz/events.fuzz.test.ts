import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventParseError } from '../../src/events';
import { MAX_EVENT_ID_CHARS, MAX_EVENT_LABEL_CHARS } from '../../src/store/text-limits';
import { fuzzedEvent, parseOutcome } from './event-arbitraries';
import { FUZZ_RUNS, fuzzRuns } from './fuzz-settings';

describe(`event parser fuzzing (${FUZZ_RUNS} events)`, () => {
  it('answers every input with a bounded signal or a coded error naming the event', () => {
    let signals = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fuzzedEvent, (raw) => {
        const outcome = parseOutcome(raw);
        if (outcome instanceof EventParseError) {
          rejected += 1;
          expect(['malformed', 'unsupported-type']).toContain(outcome.code);
          expect(outcome.message).toMatch(/^event .+: .+/);
          return;
        }
        signals += 1;
        expect(outcome.resourceId.length).toBeLessThanOrEqual(MAX_EVENT_ID_CHARS + 64);
        expect(outcome.eventId.length).toBeLessThanOrEqual(MAX_EVENT_ID_CHARS);
        expect(Number.isNaN(Date.parse(outcome.eventTime))).toBe(false);
        for (const text of Object.values(outcome.principal ?? {})) {
          expect(text.length).toBeLessThanOrEqual(MAX_EVENT_LABEL_CHARS);
        }
      }),
      fuzzRuns,
    );
    // Both outcomes are drawn: the property holds of something on each side.
    expect(signals).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
  }, 120_000);
});
