import { afterEach, describe, expect, it } from 'vitest';
import { startWardHarness, type WardHarness } from './harness';
import { STORAGE, SUB, smallSeed } from './estate';

const HOUR = 3_600_000;
const NOW = new Date();
const ago = (hours: number): Date => new Date(NOW.getTime() - hours * HOUR);
/** Flap window 2 h, budget window 1 h: the guardrails keep what the longer one still counts. */
const GUARDRAILS = {
  flap: { threshold: 3, windowMinutes: 120 },
  budget: { maxChanges: 20, maxChangesPerSubscription: 10, windowMinutes: 60 },
};
const COMPLIANT = {
  ...STORAGE,
  properties: { ...STORAGE.properties, minimumTlsVersion: 'TLS1_2' },
};

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const tick = {
  invocationId: 'sweep-housekeeping',
  functionName: 'sweep',
  firedAt: NOW.toISOString(),
  isPastDue: false,
};

describe('the sweep prunes old dedupe, fix and budget rows', () => {
  it('drops what no retry or window can need any more and keeps the rest', async () => {
    h = await startWardHarness({
      seed: { ...smallSeed(), resources: [COMPLIANT] },
      policy: {
        rules: { 'diagnostic-settings-enabled': { mode: 'off' } },
        guardrails: GUARDRAILS,
      },
      ward: { now: () => NOW },
    });
    const { dedupe, guardrails } = h.ward;
    // Event Grid retries for 24 hours; an id seen just past that may still be in a delivery.
    expect(await dedupe.markEventSeen('evt-two-days-old', ago(48))).toBe(true);
    expect(await dedupe.markEventSeen('evt-just-past-a-day', ago(24.5))).toBe(true);
    expect(await dedupe.markEventSeen('evt-an-hour-old', ago(1))).toBe(true);
    const rule = 'storage-min-tls-1-2';
    await guardrails.recordFix(rule, STORAGE.id, ago(5));
    await guardrails.recordFix(rule, STORAGE.id, ago(1));
    const budget = { subscriptionId: SUB, budget: GUARDRAILS.budget };
    expect((await guardrails.tryConsume({ ...budget, now: ago(5) })).allowed).toBe(true);
    expect((await guardrails.tryConsume({ ...budget, now: NOW })).allowed).toBe(true);

    await h.ward.sweep(tick);

    // A forgotten id can be recorded again; a kept one cannot.
    expect(await dedupe.markEventSeen('evt-two-days-old', NOW)).toBe(true);
    expect(await dedupe.markEventSeen('evt-just-past-a-day', NOW)).toBe(false);
    expect(await dedupe.markEventSeen('evt-an-hour-old', NOW)).toBe(false);
    expect(await guardrails.fixesInWindow(rule, STORAGE.id, NOW, 24 * 60)).toBe(1);
    expect((await guardrails.current({ ...budget, now: ago(5) })).used).toBe(0);
    expect((await guardrails.current({ ...budget, now: NOW })).used).toBe(1);
  });
});
