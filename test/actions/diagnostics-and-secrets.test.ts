import { describe, expect, it } from 'vitest';
import { createActionRegistry } from '../../src/actions/registry';
import { armRequest } from '../../src/actions/common/arm-request';
import type { RuleId } from '../../src/domain';
import { readPath } from '../../src/rules/paths';
import { NOW, testPolicy } from './support/context';
import { IDS } from './support/estate';
import { useActionsEstate } from './support/use-actions-estate';

const registry = createActionRegistry();
const estate = useActionsEstate();

const RULE: RuleId = 'diagnostic-settings-enabled';

describe('diagnostic-settings-create', () => {
  const action = registry.get('diagnostic-settings-create');

  it.each([
    { what: 'a vault', resourceId: IDS.vault, target: IDS.vault, group: 'audit' },
    {
      what: 'an Azure OpenAI account',
      resourceId: IDS.cognitive,
      target: IDS.cognitive,
      group: 'audit',
    },
    {
      what: 'an ML workspace',
      resourceId: IDS.workspaceNoPe,
      target: IDS.workspaceNoPe,
      group: 'audit',
    },
    {
      what: 'a storage account (on its blob service)',
      resourceId: IDS.storageDiag,
      target: `${IDS.storageDiag}/blobServices/default`,
      group: 'allLogs',
    },
  ])(
    'creates ward-audit on $what to the configured workspace, and deletes it on revert',
    async (c) => {
      expect(estate.t.status(RULE, await estate.t.read(c.resourceId))).toBe('fail');
      const report = await estate.t.execute(action, RULE, c.resourceId);
      expect(report).toMatchObject({ outcome: 'succeeded', alert: false });
      const settingId = `${c.target}/providers/Microsoft.Insights/diagnosticSettings/ward-audit`;
      expect(estate.h.sim.state.get(settingId)?.properties).toMatchObject({
        workspaceId: IDS.logs,
        logs: [{ categoryGroup: c.group, enabled: true }],
      });
      expect(estate.t.status(RULE, await estate.t.read(c.resourceId))).toBe('pass');

      if (!report.plan || !report.applied) throw new Error('no plan');
      await action.revert?.(report.plan, report.applied, estate.t.deps);
      expect(estate.h.sim.state.get(settingId)).toBeUndefined();
      expect(estate.t.status(RULE, await estate.t.read(c.resourceId))).toBe('fail');
    },
  );

  it('refuses without a configured workspace, and never overwrites a setting of the same name', async () => {
    const snapshot = await estate.t.read(IDS.vault);
    const unconfigured = { ...estate.t.planContext, policy: testPolicy({ diagnostics: {} }) };
    expect(action.plan(snapshot, unconfigured)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('diagnostics.workspaceId') as unknown,
    });
    await armRequest(estate.t.otherDeps, {
      method: 'PUT',
      resourceId: `${IDS.vault}/providers/Microsoft.Insights/diagnosticSettings/ward-audit`,
      apiVersion: '2021-05-01-preview',
      body: {
        properties: {
          workspaceId: IDS.logs,
          metrics: [{ category: 'AllMetrics', enabled: true }],
        },
      },
    });
    const withSetting = await estate.t.read(IDS.vault);
    expect(estate.t.status(RULE, withSetting)).toBe('fail');
    expect(action.plan(withSetting, estate.t.planContext)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not overwrite') as unknown,
    });
  });

  it('a plan made before another setting appeared fails its precondition', async () => {
    const plan = await estate.t.plan(action, IDS.cognitive);
    await armRequest(estate.t.otherDeps, {
      method: 'PUT',
      resourceId: `${IDS.cognitive}/providers/Microsoft.Insights/diagnosticSettings/to-storage-metrics`,
      apiVersion: '2021-05-01-preview',
      body: {
        properties: {
          workspaceId: IDS.logs,
          metrics: [{ category: 'AllMetrics', enabled: true }],
        },
      },
    });
    expect(action.precondition(plan, await estate.t.read(IDS.cognitive))).toMatchObject({
      ok: false,
    });
  });
});

describe('keyvault-secret-set-expiry', () => {
  const action = registry.get('keyvault-secret-set-expiry');
  const vaultUrl = (): string =>
    String(readPath(estate.h.sim.state.get(IDS.vault), 'properties.vaultUri')).replace(/\/$/, '');

  it('sets exp to now + expiryDays on the current version through the data plane, and clears it on revert', async () => {
    const secretId = `${vaultUrl()}/secrets/db-password`;
    const failing = await estate.t.read(secretId);
    expect(estate.t.status('keyvault-secret-expiry-set', failing)).toBe('fail');
    const report = await estate.t.execute(action, 'keyvault-secret-expiry-set', secretId);
    expect(report).toMatchObject({ outcome: 'succeeded', alert: false });
    const expected = Math.floor(NOW.getTime() / 1000) + 365 * 86_400;
    const fixed = await estate.t.read(secretId);
    expect(readPath(fixed, 'subject.secret.attributes.exp')).toBe(expected);
    expect(estate.t.status('keyvault-secret-expiry-set', fixed)).toBe('pass');
    // Same version: setting an attribute does not create a new secret version.
    expect(readPath(fixed, 'subject.secret.id')).toBe(readPath(failing, 'subject.secret.id'));

    if (!report.plan) throw new Error('no plan');
    await action.revert?.(report.plan, {}, estate.t.deps);
    const reverted = await estate.t.read(secretId);
    expect(readPath(reverted, 'subject.secret.attributes.exp')).toBeUndefined();
  });

  it('uses the configured number of days', async () => {
    const secretId = `${vaultUrl()}/secrets/api-key`;
    const context = {
      ...estate.t.planContext,
      policy: testPolicy({ secrets: { expiryDays: 90 } }),
    };
    const planned = action.plan(await estate.t.read(secretId), context);
    if (!planned.ok) throw new Error(planned.reason);
    expect(planned.plan.changes).toEqual([
      {
        path: 'attributes.exp',
        before: undefined,
        after: Math.floor(NOW.getTime() / 1000) + 90 * 86_400,
      },
    ]);
  });

  it('a plan for a version that is no longer current fails its precondition', async () => {
    const secretId = `${vaultUrl()}/secrets/api-key`;
    const plan = await estate.t.plan(action, secretId);
    const client = await estate.h.otherClients.secrets(vaultUrl());
    await client.setSecret('api-key', 'rotated');
    expect(action.precondition(plan, await estate.t.read(secretId))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('current version') as unknown,
    });
  });
});
