import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyInput } from '../../src/config/policy';
import type { ChangeSignal } from '../../src/domain';
import type { LedgerEntry } from '../../src/store';
import { ALICE_OID, startWardHarness, type WardHarness } from './harness';
import { STORAGE, SUB, smallSeed } from './estate';

/** Only storage-min-tls-1-2 (auto) fails on the account; the diagnostics rule is off. */
const QUIET = { rules: { 'diagnostic-settings-enabled': { mode: 'off' } } } satisfies PolicyInput;

let h: WardHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Alice's write to the account, as the event's claims name her. */
function aliceWrite(): ChangeSignal {
  return {
    eventId: 'evt-tag-1',
    eventType: 'Microsoft.Resources.ResourceWriteSuccess',
    source: 'eventgrid',
    resourceId: STORAGE.id,
    subscriptionId: SUB,
    eventTime: new Date().toISOString(),
    principal: { objectId: ALICE_OID, upn: 'alice@contoso.example', name: 'Alice' },
  };
}

async function run(
  policy: PolicyInput,
  tags: Record<string, string>,
): Promise<{ h: WardHarness; entries: LedgerEntry[] }> {
  const seed = smallSeed();
  h = await startWardHarness({
    seed: { ...seed, resources: [{ ...STORAGE, tags }] },
    policy: { ...QUIET, ...policy },
  });
  await h.handle(aliceWrite());
  return { h, entries: await h.ward.ledger.listAll() };
}

const tlsDecision = (entries: LedgerEntry[]): LedgerEntry | undefined =>
  entries.find((e) => e.kind === 'decision' && e.ruleId === 'storage-min-tls-1-2');

describe('exemption tags a resource sets on itself', () => {
  it('by default a `*` tag until 9999-12-31 exempts nothing: the change is fixed and the refusal recorded', async () => {
    const { h, entries } = await run({}, { 'ward-exempt': '*', 'ward-exempt-until': '9999-12-31' });
    expect(h.wardWrites()).toBe(1);
    expect(h.sim.state.get(STORAGE.id)?.properties?.minimumTlsVersion).toBe('TLS1_2');
    const decision = tlsDecision(entries);
    expect(decision?.verb).toBe('remediate');
    expect(decision?.reasons?.map((r) => r.code)).toContain('exempt-tag-refused');
  });

  it('opted in, a tag beyond the policy maximum exempts nothing', async () => {
    const { h, entries } = await run(
      { tagExemptions: { enabled: true, maxDays: 30 } },
      {
        'ward-exempt': 'storage-min-tls-1-2',
        'ward-exempt-until': new Date(Date.now() + 45 * 86_400_000).toISOString(),
      },
    );
    expect(h.wardWrites()).toBe(1);
    expect(
      tlsDecision(entries)?.reasons?.find((r) => r.code === 'exempt-tag-refused')?.text,
    ).toMatch(/more than 30 days away/);
  });

  it('opted in, an allowed tag exempts: the ledger names who set it and Teams is told', async () => {
    const { h, entries } = await run(
      { tagExemptions: { enabled: true } },
      {
        'ward-exempt': 'storage-min-tls-1-2',
        'ward-exempt-until': new Date(Date.now() + 7 * 86_400_000).toISOString(),
      },
    );
    expect(h.wardWrites()).toBe(0);
    const decision = tlsDecision(entries);
    expect(decision).toMatchObject({ verb: 'record', principal: ALICE_OID });
    const reason = decision?.reasons?.find((r) => r.code === 'exempt-tag');
    expect(reason?.text).toContain(`tag set by alice@contoso.example (object id ${ALICE_OID})`);
    const alert = entries.find((e) => e.kind === 'alert' && e.relatedId === decision?.id);
    expect(alert?.summary).toMatch(
      /^tag-exemption: .*exempt from storage-min-tls-1-2 by its own tag/,
    );
    const card = h.cards().find((c) => c.title === 'A resource is exempt by its own tag');
    expect(card?.text).toContain('alice@contoso.example');
  });
});
