import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dataScientistChanges, DEMO_COMPUTE } from '../../src/cli/demo/scenario';
import { insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { LedgerEntry } from '../../src/store';
import { aliceCredential, startWardHarness, type WardHarness } from './harness';

/**
 * One event, several outcomes on one resource: the demo's compute instance created with a public
 * IP gets an approval request, a fix and tickets from one handling. The channel gets one card
 * for the resource that lists each outcome with its own way forward, not one card per outcome.
 */
const seed = insecureEstate({ now: new Date() });
const demoPolicy = parse(readFileSync('docs/examples/demo-policy.yaml', 'utf8')) as Record<
  string,
  unknown
>;

let h: WardHarness;
let entries: LedgerEntry[];
let bodies: string[];

beforeAll(async () => {
  h = await startWardHarness({ seed, policy: demoPolicy });
  const [compute] = dataScientistChanges({ sim: h.sim, credential: aliceCredential(seed) });
  if (!compute) throw new Error('the demo scenario has no compute step');
  await compute.run();
  await h.sim.events.flush();
  await h.deliver(h.events());
  entries = (await h.ward.ledger.listAll()).filter((entry) =>
    entry.resourceId?.endsWith(`/computes/${DEMO_COMPUTE}`),
  );
  bodies = h.teams.posts.map((post) => post.body);
}, 120_000);
afterAll(async () => {
  await h.stop();
});

describe('cards about one resource from one event', () => {
  it('come as one card listing each outcome with its approval link, ticket and undo id', () => {
    const approvals = entries.filter((entry) => entry.kind === 'approval');
    const tickets = entries.filter((entry) => entry.kind === 'ticket');
    const fixes = entries.filter(
      (entry) => entry.kind === 'action' && entry.outcome === 'succeeded',
    );
    // The scenario really has several outcomes on the compute, of different kinds.
    expect(approvals.length + tickets.length + fixes.length).toBeGreaterThan(1);
    const about = bodies.filter(
      (body) => body.includes(DEMO_COMPUTE) && !body.includes('ward digest'),
    );
    const grouped = about.filter((body) => body.includes('outcomes on'));
    expect(grouped).toHaveLength(1);
    const card = grouped[0] ?? '';
    for (const approval of approvals) {
      const id = /Approval (\S+) requested/.exec(approval.summary ?? '')?.[1] ?? '-';
      expect(card).toContain(`/api/approvals/${id}`);
    }
    for (const ticket of tickets) {
      const id = /Ticket (\S+) /.exec(ticket.summary ?? '')?.[1] ?? '-';
      expect(card).toContain(id);
    }
    for (const fix of fixes) expect(card).toContain(`ward undo ${fix.id}`);
    // No single approval, ticket or "fixed" card about the compute beside the grouped one.
    const singles = about.filter(
      (body) => body !== card && /Approval needed|Ticket \S+ opened|Remediation applied/.test(body),
    );
    expect(singles).toEqual([]);
  });

  it('leaves nothing waiting in the digest queue once the card is posted', async () => {
    expect(await h.ward.flushDigest()).toEqual({ items: 0, cards: 0 });
  });

  it('keeps the card within the Teams size limit', () => {
    for (const body of bodies)
      expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(28 * 1024);
  });
});
