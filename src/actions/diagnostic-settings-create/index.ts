import { z } from 'zod';
import type { Snapshot } from '../../domain';
import { apiVersionFor } from '../../azure/api-versions';
import { armBody, isRecord, readPath } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import type { ActionPlan, RemediationAction } from '../types';
import { armRequest } from '../common/arm-request';
import { planParameters } from '../common/plan-parameters';
import { sameValue } from '../common/plan-basis';

const SETTING_TYPE = 'Microsoft.Insights/diagnosticSettings';
/** What ARM checks on the setting's Log Analytics workspace (a linked scope). */
const SHARED_KEYS = 'Microsoft.OperationalInsights/workspaces/sharedKeys/action';
/** Azure Monitor allows five diagnostic settings per resource. */
const MAX_SETTINGS = 5;

interface Target {
  /** Where the setting is written: the resource, or a storage account's blob service. */
  suffix: string;
  /** Where the reader puts that target's settings in the snapshot. */
  source: string;
  /** The category group that carries the audit logs there. */
  categoryGroup: 'audit' | 'allLogs';
}

/**
 * Vaults, Cognitive Services accounts and ML workspaces have an `audit` category group. A
 * storage account keeps its logs on `blobServices/default`; `allLogs` there covers
 * StorageRead/StorageWrite/StorageDelete, which is what diagnostic-settings-enabled demands.
 */
const TARGETS: Readonly<Record<string, Target>> = {
  'microsoft.keyvault/vaults': {
    suffix: '',
    source: 'related.diagnosticSettings',
    categoryGroup: 'audit',
  },
  'microsoft.cognitiveservices/accounts': {
    suffix: '',
    source: 'related.diagnosticSettings',
    categoryGroup: 'audit',
  },
  'microsoft.machinelearningservices/workspaces': {
    suffix: '',
    source: 'related.diagnosticSettings',
    categoryGroup: 'audit',
  },
  'microsoft.storage/storageaccounts': {
    suffix: '/blobServices/default',
    source: 'related.serviceDiagnosticSettings.blobServices',
    categoryGroup: 'allLogs',
  },
};

const parametersSchema = z.object({
  settingId: z.string().min(1),
  workspaceId: z.string().min(1),
  categoryGroup: z.enum(['audit', 'allLogs']),
  source: z.string().min(1),
});

const parametersOf = (plan: ActionPlan) => planParameters(plan, parametersSchema);

/** Names of the settings read at `source`, sorted; undefined when they were not read. */
function settingNames(snapshot: Snapshot, source: string): string[] | undefined {
  const settings = readPath(snapshot, source);
  if (!Array.isArray(settings)) return undefined;
  return settings
    .map((s) => (isRecord(s) && typeof s.name === 'string' ? s.name : ''))
    .sort((a, b) => a.localeCompare(b));
}

export const diagnosticSettingsCreate: RemediationAction<ActionDeps> = {
  id: 'diagnostic-settings-create',
  resourceTypes: [
    'Microsoft.KeyVault/vaults',
    'Microsoft.CognitiveServices/accounts',
    'Microsoft.MachineLearningServices/workspaces',
    'Microsoft.Storage/storageAccounts',
  ],
  permissions: {
    actions: [
      'Microsoft.KeyVault/vaults/read',
      'Microsoft.CognitiveServices/accounts/read',
      'Microsoft.MachineLearningServices/workspaces/read',
      'Microsoft.Storage/storageAccounts/read',
      'Microsoft.Insights/diagnosticSettings/read',
      'Microsoft.Insights/diagnosticSettings/write',
      'Microsoft.Insights/diagnosticSettings/delete',
      // ARM checks the Log Analytics destination of the setting it writes (a linked scope):
      // without it the PUT fails 403 LinkedAuthorizationFailed.
      SHARED_KEYS,
    ],
    dataActions: [],
    linked: [SHARED_KEYS],
    // Undo deletes the setting ward created; apply never deletes.
    revertOnly: ['Microsoft.Insights/diagnosticSettings/delete'],
  },
  reversible: true,
  revertSummary: 'Deletes the diagnostic setting ward created.',
  plan(snapshot, context) {
    const target = TARGETS[snapshot.resourceType.toLowerCase()];
    if (!armBody(snapshot) || !target) {
      return {
        ok: false,
        reason: `Diagnostic settings are not planned for ${snapshot.resourceType}.`,
      };
    }
    const { workspaceId, settingName } = context.policy.diagnostics;
    if (workspaceId === undefined) {
      return {
        ok: false,
        reason:
          'No Log Analytics workspace is configured (diagnostics.workspaceId): open a ticket.',
      };
    }
    const names = settingNames(snapshot, target.source);
    if (names === undefined) {
      return { ok: false, reason: `The diagnostic settings were not read (${target.source}).` };
    }
    if (names.some((name) => name.toLowerCase() === settingName.toLowerCase())) {
      return {
        ok: false,
        reason: `A diagnostic setting named ${settingName} exists but does not send audit logs; ward does not overwrite it.`,
      };
    }
    if (names.length >= MAX_SETTINGS) {
      return {
        ok: false,
        reason: `The resource already has ${String(MAX_SETTINGS)} diagnostic settings (the limit).`,
      };
    }
    const settingId = `${snapshot.resourceId}${target.suffix}/providers/${SETTING_TYPE}/${settingName}`;
    return {
      ok: true,
      plan: {
        actionId: 'diagnostic-settings-create',
        resourceId: snapshot.resourceId,
        resourceType: snapshot.resourceType,
        summary: `Create diagnostic setting ${settingName}${target.suffix ? ` on ${target.suffix.slice(1)}` : ''} sending the ${target.categoryGroup} log group to ${workspaceId}`,
        changes: [
          {
            path: target.source,
            before: names,
            after: [...names, settingName].sort((a, b) => a.localeCompare(b)),
          },
        ],
        parameters: {
          settingId,
          workspaceId,
          categoryGroup: target.categoryGroup,
          source: target.source,
        },
        linked: [{ scope: workspaceId, actions: [SHARED_KEYS] }],
      },
    };
  },
  precondition(plan, current) {
    if (current.resourceId.toLowerCase() !== plan.resourceId.toLowerCase()) {
      return { ok: false, reason: 'the read is not the planned resource' };
    }
    const { source } = parametersOf(plan);
    const before = plan.changes.find((c) => c.path === source)?.before;
    const names = settingNames(current, source);
    if (names === undefined) return { ok: false, reason: `${source} was not read` };
    return sameValue(names, before)
      ? { ok: true }
      : { ok: false, reason: `the diagnostic settings are now ${names.join(', ') || '(none)'}` };
  },
  // The plan records the settings' names read from the snapshot's related data, not the body.
  observe: (snapshot, path) => settingNames(snapshot, path),
  // Through the generic client at 2021-05-01-preview: the typed MonitorClient (arm-monitor 7)
  // speaks 2017-05-01-preview, whose log settings have no categoryGroup.
  async apply(plan, deps) {
    const { settingId, workspaceId, categoryGroup } = parametersOf(plan);
    await armRequest(deps, {
      method: 'PUT',
      resourceId: settingId,
      apiVersion: apiVersionFor(SETTING_TYPE),
      body: { properties: { workspaceId, logs: [{ categoryGroup, enabled: true }] } },
    });
    return { revertData: { settingId } };
  },
  async revert(plan, _applied, deps) {
    const { settingId } = parametersOf(plan);
    await armRequest(deps, {
      method: 'DELETE',
      resourceId: settingId,
      apiVersion: apiVersionFor(SETTING_TYPE),
    });
  },
};
