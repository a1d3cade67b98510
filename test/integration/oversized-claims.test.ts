import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../src/config/policy';
import { MAX_EVENT_LABEL_CHARS } from '../../src/store/text-limits';
import { ALICE_OID, startWardHarness, type WardHarness } from './harness';
import { STORAGE, SUB, smallSeed } from './estate';

/** Only storage-min-tls-1-2 (auto) fails on the account; the diagnostics rule is off. */
const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' } } } satisfies PolicyInput;

/** Alice's write to the account, with the display name her claims carry. */
function writeEvent(name: string, upn: string): unknown {
  return {
    id: 'evt-oversized-claims',
    topic: `/subscriptions/${SUB}`,
    subject: STORAGE.id,
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    eventTime: new Date().toISOString(),
    data: {
      resourceUri: STORAGE.id,
      operationName: 'Microsoft.Storage/storageAccounts/write',
      status: 'Succeeded',
      subscriptionId: SUB,
      claims: {
        'http://schemas.microsoft.com/identity/claims/objectidentifier': ALICE_OID,
        name,
        'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn': upn,
      },
    },
    dataVersion: '',
    metadataVersion: '1',
  };
}

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('texts from events are bounded before use', () => {
  it('a 100 KB display name in the claims: the fix is applied, recorded and announced once, without a retry', async () => {
    h = await startWardHarness({ seed: smallSeed(), policy: QUIET });
    const huge = 'Ä'.repeat(100_000);
    // The exported handler throws only when Event Grid should deliver again.
    await h.deliver([writeEvent(huge, `${'u'.repeat(100_000)}@contoso.example`)]);

    expect(h.wardWrites()).toBe(1);
    const entries = await h.ward.ledger.listAll();
    const action = entries.find((e) => e.kind === 'action');
    expect(action?.outcome).toBe('succeeded');
    const decision = entries.find((e) => e.kind === 'decision');
    expect(decision?.principal).toBe(ALICE_OID);
    expect(h.logs.filter((line) => line.level >= 50)).toEqual([]);

    const cards = h.cards();
    expect(cards).toHaveLength(1);
    const card = cards[0]?.text ?? '';
    expect(card).toContain('truncated');
    expect(card).not.toContain('Ä'.repeat(MAX_EVENT_LABEL_CHARS + 1));
  });
});
