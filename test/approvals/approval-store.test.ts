import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_ID_PATTERN, createApprovalStore } from '../../src/approvals/approval-store';
import { ApprovalError } from '../../src/approvals/errors';
import { planHash } from '../../src/approvals/plan-hash';
import { samplePlan } from '../notify/samples';
import { createCollision, writeTo } from '../support/collision';
import { APPROVER, newApproval } from './fixtures';
import { tableEnv, type TableEnv } from './tables';

let env: TableEnv;
beforeAll(async () => {
  env = await tableEnv();
});
afterAll(async () => {
  await env.stop();
});

const NOW = new Date('2026-11-23T10:00:00Z');
const identity = { ...APPROVER, authType: 'aad' };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    if (error instanceof ApprovalError) return error.code;
    throw error;
  }
}

describe('approval store (Tables on Azurite)', () => {
  it('creates a pending approval bound to the plan hash and etag, expiring in 24 h by default', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const created = await store.create(newApproval(), { now: NOW });
    expect(created.id).toMatch(APPROVAL_ID_PATTERN);
    expect(created.status).toBe('pending');
    expect(created.planHash).toBe(planHash(samplePlan()));
    expect(created.plannedEtag).toBe('W/"etag-1"');
    expect(created.expiresAt).toBe('2026-11-24T10:00:00.000Z');
    const read = await store.get(created.id);
    expect(read?.plan).toEqual(samplePlan());
    expect(read?.finding.evidence[0]?.path).toBe('properties.allowBlobPublicAccess');
    expect(read?.requestedBy.changedBy?.upn).toBe('dana@contoso.example');
  });

  it('gives each approval a distinct unguessable id', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const ids = await Promise.all([1, 2, 3].map(() => store.create(newApproval(), { now: NOW })));
    expect(new Set(ids.map((a) => a.id)).size).toBe(3);
    expect(Buffer.from(ids[0]?.id ?? '', 'base64url')).toHaveLength(16);
  });

  it('honours a configured expiry', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const created = await store.create(newApproval(), { now: NOW, expiryHours: 2 });
    expect(created.expiresAt).toBe('2026-11-23T12:00:00.000Z');
  });

  it('is single use: a second decision fails with already-decided', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const { id } = await store.create(newApproval(), { now: NOW });
    const decided = await store.decide(id, { decision: 'approved', principal: identity, now: NOW });
    expect(decided).toMatchObject({
      status: 'approved',
      decidedBy: { id: APPROVER.id, name: APPROVER.name },
    });
    expect(
      await codeOf(
        store.decide(id, { decision: 'rejected', principal: identity, reason: 'no', now: NOW }),
      ),
    ).toBe('already-decided');
    expect((await store.get(id))?.status).toBe('approved');
  });

  it('lets exactly one of two concurrent decisions win (etag guard)', async () => {
    const table = env.table('approvals');
    // Both deciders' etag-guarded MERGE waits until the other has sent its own.
    const collision = createCollision(['approve', 'reject'], writeTo(table.tableName, ['PATCH']));
    // Two function instances: each its own store and client on the one table.
    const instance = () =>
      createApprovalStore({
        table: TableClient.fromConnectionString(env.connectionString, table.tableName, {
          ...collision.clientOptions,
          allowInsecureConnection: true,
        }),
      });
    const { id } = await instance().create(newApproval(), { now: NOW });
    const [approver, rejecter] = [instance(), instance()];
    const results = await Promise.allSettled([
      collision.as('approve', () =>
        approver.decide(id, { decision: 'approved', principal: identity, now: NOW }),
      ),
      collision.as('reject', () =>
        rejecter.decide(id, {
          decision: 'rejected',
          principal: identity,
          reason: 'race',
          now: NOW,
        }),
      ),
    ]);
    // Both read the approval pending and wrote together: the guard, not the order, decided.
    expect(collision.arrived().sort()).toEqual(['approve', 'reject']);
    const winner = results[0].status === 'fulfilled' ? 'approve' : 'reject';
    const loser = winner === 'approve' ? 'reject' : 'approve';
    expect(collision.statuses()).toEqual({ [winner]: [204], [loser]: [412] });
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: 'already-decided' });
    const stored = await approver.get(id);
    expect(stored?.status).toBe(winner === 'approve' ? 'approved' : 'rejected');
  });

  it('expires: a decision after expiresAt fails with expired and the status becomes expired', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const { id } = await store.create(newApproval(), { now: NOW, expiryHours: 1 });
    const late = new Date('2026-11-23T11:00:00Z');
    expect(
      await codeOf(store.decide(id, { decision: 'approved', principal: identity, now: late })),
    ).toBe('expired');
    expect((await store.get(id))?.status).toBe('expired');
    expect(
      await codeOf(store.decide(id, { decision: 'approved', principal: identity, now: late })),
    ).toBe('expired');
  });

  it('supersedes a pending approval and refuses to decide it afterwards', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const { id } = await store.create(newApproval(), { now: NOW });
    const next = await store.create(newApproval(), { now: NOW });
    const old = await store.supersede(id, next.id, NOW);
    expect(old).toMatchObject({ status: 'superseded', supersededBy: next.id });
    expect(
      await codeOf(store.decide(id, { decision: 'approved', principal: identity, now: NOW })),
    ).toBe('already-decided');
  });

  it('answers undefined for unknown and malformed ids', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    expect(await store.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(await store.get("x' or 1 eq 1")).toBeUndefined();
    expect(
      await codeOf(
        store.decide('AAAAAAAAAAAAAAAAAAAAAA', {
          decision: 'approved',
          principal: identity,
          now: NOW,
        }),
      ),
    ).toBe('not-found');
  });

  it('shortens huge evidence so the entity fits a Table property', async () => {
    const store = createApprovalStore({ table: env.table('approvals') });
    const input = newApproval();
    input.finding = {
      ...input.finding,
      evidence: Array.from({ length: 80 }, (_, i) => ({
        path: `p${i}`,
        actual: 'z'.repeat(5000),
        expected: 'small',
      })),
    };
    const created = await store.create(input, { now: NOW });
    const shown = created.finding.evidence.length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(80);
    expect(String(created.finding.evidence[0]?.actual)).toMatch(
      /… truncated \(\d+ more characters\)$/,
    );
    expect(created.finding.evidence[shown]?.actual).toBe(`truncated (${80 - shown} more)`);
  });
});
