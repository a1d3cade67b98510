import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/actions/errors';
import { createActionRegistry } from '../../src/actions/registry';
import { armRequest } from '../../src/actions/common/arm-request';
import { nestedBody } from '../../src/actions/common/plan-basis';
import type { ActionId, RuleId } from '../../src/domain';
import { readPath } from '../../src/rules/paths';
import { IDS } from './support/estate';
import { useActionsEstate } from './support/use-actions-estate';

const registry = createActionRegistry();
const estate = useActionsEstate();

interface Case {
  actionId: ActionId;
  ruleId: RuleId;
  resourceId: string;
  path: string;
  before: unknown;
  after: unknown;
  apiVersion: string;
  /**
   * What someone else writes between plan and precondition: another failing value where the
   * property has one, else the fix itself.
   */
  moved: unknown;
}

/** Order matters where two cases share a resource: each starts from the state the last left. */
const CASES: Case[] = [
  {
    actionId: 'storage-set-min-tls-1-2',
    ruleId: 'storage-min-tls-1-2',
    resourceId: IDS.storage,
    path: 'properties.minimumTlsVersion',
    before: 'TLS1_0',
    after: 'TLS1_2',
    apiVersion: '2025-08-01',
    moved: 'TLS1_1',
  },
  {
    actionId: 'storage-disable-blob-public-access',
    ruleId: 'storage-blob-public-access-disabled',
    resourceId: IDS.storage,
    path: 'properties.allowBlobPublicAccess',
    before: true,
    after: false,
    apiVersion: '2025-08-01',
    moved: false,
  },
  {
    actionId: 'keyvault-disable-public-network',
    ruleId: 'keyvault-public-network-disabled',
    resourceId: IDS.vault,
    path: 'properties.publicNetworkAccess',
    before: 'Enabled',
    after: 'Disabled',
    apiVersion: '2025-05-01',
    moved: 'Disabled',
  },
  {
    actionId: 'cognitive-disable-public-network',
    ruleId: 'cognitive-public-network-disabled',
    resourceId: IDS.cognitive,
    path: 'properties.publicNetworkAccess',
    before: 'Enabled',
    after: 'Disabled',
    apiVersion: '2025-09-01',
    moved: 'Disabled',
  },
  {
    actionId: 'cognitive-disable-local-auth',
    ruleId: 'cognitive-local-auth-disabled',
    resourceId: IDS.cognitive,
    path: 'properties.disableLocalAuth',
    before: false,
    after: true,
    apiVersion: '2025-09-01',
    moved: true,
  },
];

async function writeAsSomeoneElse(c: Case, value: unknown): Promise<void> {
  await armRequest(estate.t.otherDeps, {
    method: 'PATCH',
    resourceId: c.resourceId,
    apiVersion: c.apiVersion,
    body: { tags: { touchedBy: 'alice' }, ...nestedBody(c.path, value) },
  });
}

async function valueAt(resourceId: string, path: string): Promise<unknown> {
  const snapshot = await estate.t.read(resourceId);
  return snapshot.subject.kind === 'arm' ? readPath(snapshot.subject.resource, path) : undefined;
}

describe.each(CASES)('$actionId', (c) => {
  const action = registry.get(c.actionId);

  it('plans from the failing read, passes its precondition on a fresh read, fixes it through the executor and reverts', async () => {
    const failing = await estate.t.read(c.resourceId);
    expect(estate.t.status(c.ruleId, failing)).toBe('fail');
    const planned = action.plan(failing, estate.t.planContext);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.changes).toEqual([{ path: c.path, before: c.before, after: c.after }]);
    expect(action.precondition(planned.plan, await estate.t.read(c.resourceId))).toEqual({
      ok: true,
    });

    const report = await estate.t.execute(action, c.ruleId, c.resourceId);
    expect(report).toMatchObject({ outcome: 'succeeded', alert: false });
    const fixed = await estate.t.read(c.resourceId);
    expect(estate.t.status(c.ruleId, fixed)).toBe('pass');
    expect(await valueAt(c.resourceId, c.path)).toEqual(c.after);

    if (!report.plan || !action.revert) throw new Error('expected a reversible plan');
    await action.revert(report.plan, report.applied ?? {}, estate.t.deps);
    expect(await valueAt(c.resourceId, c.path)).toEqual(c.before);
    expect(estate.t.status(c.ruleId, await estate.t.read(c.resourceId))).toBe('fail');
  });

  it('fails its precondition when the property moved since the plan, and a fresh plan starts from there', async () => {
    const plan = await estate.t.plan(action, c.resourceId);
    expect(plan.changes).toEqual([{ path: c.path, before: c.before, after: c.after }]);
    try {
      // Someone else moves the property under ward's plan.
      await writeAsSomeoneElse(c, c.moved);
      expect(await valueAt(c.resourceId, c.path)).toEqual(c.moved);

      const current = await estate.t.read(c.resourceId);
      expect(action.precondition(plan, current)).toEqual({
        ok: false,
        reason:
          plan.basisEtag !== undefined
            ? `the etag is ${current.etag ?? '(none)'}, the plan was made at ${plan.basisEtag}`
            : `${c.path} is ${JSON.stringify(c.moved)}, the plan expected ${JSON.stringify(c.before)}`,
      });

      const fresh = action.plan(current, estate.t.planContext);
      if (estate.t.status(c.ruleId, current) === 'fail') {
        // Still failing at another value: the fresh plan changes it from that value.
        if (!fresh.ok) throw new Error(fresh.reason);
        expect(fresh.plan.changes).toEqual([{ path: c.path, before: c.moved, after: c.after }]);
        expect(fresh.plan.basisEtag).toBe(current.etag);
        expect(action.precondition(fresh.plan, await estate.t.read(c.resourceId))).toEqual({
          ok: true,
        });
      } else {
        // Someone else already fixed it: the fresh plan finds nothing to change.
        expect(fresh).toEqual({ ok: false, reason: `${c.path} is already ${String(c.after)}.` });
      }
    } finally {
      // The next case on this resource starts from the seeded value.
      await writeAsSomeoneElse(c, c.before);
    }
    expect(await valueAt(c.resourceId, c.path)).toEqual(c.before);
  });

  it('treats a tag change as a conflict only where the plan holds an etag', async () => {
    const plan = await estate.t.plan(action, c.resourceId);
    await armRequest(estate.t.otherDeps, {
      method: 'PATCH',
      resourceId: c.resourceId,
      apiVersion: c.apiVersion,
      body: { tags: { touchedBy: `alice-${c.actionId}` } },
    });
    const check = action.precondition(plan, await estate.t.read(c.resourceId));
    // Without an etag only the planned property counts: a tag change is no conflict.
    expect(check.ok).toBe(plan.basisEtag === undefined);
  });
});

describe('conditional writes on Cognitive Services', () => {
  it('sends If-Match with the planned etag: a stale plan is refused by the service with 412', async () => {
    const action = registry.get('cognitive-disable-public-network');
    const plan = await estate.t.plan(action, IDS.cognitive);
    expect(plan.basisEtag).toMatch(/^W\/"/);
    await armRequest(estate.t.otherDeps, {
      method: 'PATCH',
      resourceId: IDS.cognitive,
      apiVersion: '2025-09-01',
      body: { tags: { team: 'ml' } },
    });
    const current = await estate.t.read(IDS.cognitive);
    expect(current.etag).not.toBe(plan.basisEtag);
    expect(action.precondition(plan, current)).toMatchObject({ ok: false });
    const failure = await action.apply(plan, estate.t.deps).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ActionError);
    expect(failure).toMatchObject({ code: 'precondition-failed', statusCode: 412 });
    expect(await valueAt(IDS.cognitive, 'properties.publicNetworkAccess')).toBe('Enabled');
  });

  it('refuses to plan a conditional write from a read without an etag', () => {
    const action = registry.get('cognitive-disable-local-auth');
    const planned = action.plan(
      {
        resourceId: IDS.cognitive,
        resourceType: 'Microsoft.CognitiveServices/accounts',
        subject: {
          kind: 'arm',
          resource: {
            id: IDS.cognitive,
            name: 'oai-public',
            type: 'Microsoft.CognitiveServices/accounts',
            properties: { disableLocalAuth: false },
          },
        },
        related: {},
      },
      estate.t.planContext,
    );
    expect(planned).toMatchObject({
      ok: false,
      reason: expect.stringContaining('etag') as unknown,
    });
  });
});

describe('keyvault-enable-purge-protection', () => {
  const action = registry.get('keyvault-enable-purge-protection');

  it('turns purge protection on, and is declared irreversible', async () => {
    expect(
      estate.t.status('keyvault-purge-protection-enabled', await estate.t.read(IDS.vault)),
    ).toBe('fail');
    const report = await estate.t.execute(action, 'keyvault-purge-protection-enabled', IDS.vault);
    expect(report.outcome).toBe('succeeded');
    expect(await valueAt(IDS.vault, 'properties.enablePurgeProtection')).toBe(true);
    expect(action.reversible).toBe(false);
    expect('revert' in action).toBe(false);
    expect(action.revertSummary).toMatch(/cannot be undone/i);
  });

  it('refuses when soft delete is off: enabling it is a separate one-way decision', async () => {
    const planned = action.plan(await estate.t.read(IDS.vaultNoSoftDelete), estate.t.planContext);
    expect(planned).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Soft delete') as unknown,
    });
  });
});

describe('plans already compliant resources', () => {
  it('refuses to plan a property that already has the target value', async () => {
    const planned = registry
      .get('storage-set-min-tls-1-2')
      .plan(await estate.t.read(IDS.storageDiag), estate.t.planContext);
    expect(planned).toMatchObject({ ok: false });
  });
});

describe('plans that must not weaken or repeat a setting', () => {
  const body = (properties: Record<string, unknown>) => ({
    resourceId: IDS.storage,
    resourceType: 'Microsoft.Storage/storageAccounts',
    subject: {
      kind: 'arm' as const,
      resource: {
        id: IDS.storage,
        name: 'stlegacy',
        type: 'Microsoft.Storage/storageAccounts',
        properties,
      },
    },
    related: {},
  });

  it('never lowers TLS1_3 to TLS1_2', () => {
    const planned = registry
      .get('storage-set-min-tls-1-2')
      .plan(body({ minimumTlsVersion: 'TLS1_3' }), estate.t.planContext);
    expect(planned).toMatchObject({
      ok: false,
      reason: expect.stringContaining('TLS1_3') as unknown,
    });
  });

  it('treats a value ARM echoed in another case as already set', () => {
    const planned = registry.get('keyvault-disable-public-network').plan(
      {
        ...body({ publicNetworkAccess: 'disabled' }),
        resourceType: 'Microsoft.KeyVault/vaults',
      },
      estate.t.planContext,
    );
    expect(planned).toMatchObject({
      ok: false,
      reason: expect.stringContaining('already') as unknown,
    });
  });

  it('sets TLS1_2 where the property is absent, and revert writes the TLS1_0 default absence meant', async () => {
    const action = registry.get('storage-set-min-tls-1-2');
    const plan = await estate.t.plan(action, IDS.storageUnset);
    expect(plan.changes).toEqual([
      { path: 'properties.minimumTlsVersion', before: undefined, after: 'TLS1_2' },
    ]);
    expect(action.precondition(plan, await estate.t.read(IDS.storageUnset))).toEqual({ ok: true });
    await action.apply(plan, estate.t.deps);
    expect(await valueAt(IDS.storageUnset, 'properties.minimumTlsVersion')).toBe('TLS1_2');
    await action.revert?.(plan, {}, estate.t.deps);
    expect(await valueAt(IDS.storageUnset, 'properties.minimumTlsVersion')).toBe('TLS1_0');
  });
});
