import type { Evidence, RuleOutcome, Snapshot } from '../../domain';
import { error, fail, pass, skip } from '../outcome';
import { armBody, isRecord, readPath } from '../paths';

/** Category groups that include a resource's audit logs. */
const AUDIT_GROUPS = ['audit', 'alllogs'];

interface Requirement {
  /** Where the settings are read from, as an evidence path. */
  source: string;
  /** What the settings belong to, for messages. */
  subject: string;
  /** Log categories that together count as the resource's audit logs. */
  categories: readonly string[];
}

/**
 * ML workspaces have no single audit category: the categories Microsoft documents as "events
 * when <asset> is accessed (read, created, or deleted)" together form the access audit trail.
 * Operational categories (AmlComputeClusterEvent, AmlComputeJobEvent, AmlRunStatusChangedEvent,
 * utilization, deployments, inferencing) do not count.
 */
const ML_WORKSPACE_ACCESS_CATEGORIES = [
  'ComputeInstanceEvent',
  'DataLabelChangeEvent',
  'DataLabelReadEvent',
  'DataSetChangeEvent',
  'DataSetReadEvent',
  'DataStoreChangeEvent',
  'DataStoreReadEvent',
  'EnvironmentChangeEvent',
  'EnvironmentReadEvent',
  'ModelsActionEvent',
  'ModelsChangeEvent',
  'ModelsReadEvent',
  'PipelineChangeEvent',
  'PipelineReadEvent',
  'RunEvent',
  'RunReadEvent',
];

const RESOURCE_REQUIREMENTS: Record<string, Requirement> = {
  'microsoft.keyvault/vaults': {
    source: 'related.diagnosticSettings',
    subject: 'the vault',
    categories: ['AuditEvent'],
  },
  'microsoft.cognitiveservices/accounts': {
    source: 'related.diagnosticSettings',
    subject: 'the account',
    categories: ['Audit'],
  },
  'microsoft.machinelearningservices/workspaces': {
    source: 'related.diagnosticSettings',
    subject: 'the workspace',
    categories: ML_WORKSPACE_ACCESS_CATEGORIES,
  },
  // The account-level setting carries metrics only; the blob service's own setting has the logs.
  'microsoft.storage/storageaccounts': {
    source: 'related.serviceDiagnosticSettings.blobServices',
    subject: 'the blob service (blobServices/default)',
    categories: ['StorageRead', 'StorageWrite', 'StorageDelete'],
  },
};

class MalformedSetting extends Error {
  constructor(readonly evidence: Evidence) {
    super(`${evidence.path} is malformed.`);
  }
}

interface SettingView {
  index: number;
  name: string;
  workspaceId: string | undefined;
  /** Enabled category groups as written (ARM echoes them in varying case). */
  groups: string[];
  /** Enabled categories as written. */
  categories: string[];
}

function readSetting(value: unknown, path: string, index: number): SettingView {
  if (!isRecord(value)) {
    throw new MalformedSetting({ path, actual: value, expected: 'a diagnostic setting object' });
  }
  const workspaceId = readPath(value, 'properties.workspaceId');
  if (workspaceId !== undefined && workspaceId !== null && typeof workspaceId !== 'string') {
    throw new MalformedSetting({
      path: `${path}.properties.workspaceId`,
      actual: workspaceId,
      expected: 'a Log Analytics workspace resource id',
    });
  }
  const logs = readPath(value, 'properties.logs') ?? [];
  if (!Array.isArray(logs)) {
    throw new MalformedSetting({
      path: `${path}.properties.logs`,
      actual: logs,
      expected: 'an array of log settings',
    });
  }
  const view: SettingView = {
    index,
    name: typeof value.name === 'string' ? value.name : `#${index}`,
    workspaceId: typeof workspaceId === 'string' && workspaceId !== '' ? workspaceId : undefined,
    groups: [],
    categories: [],
  };
  for (const [logIndex, log] of logs.entries()) {
    const logPath = `${path}.properties.logs[${logIndex}]`;
    if (!isRecord(log)) {
      throw new MalformedSetting({ path: logPath, actual: log, expected: 'a log setting object' });
    }
    const { enabled, category, categoryGroup } = log;
    if (typeof enabled !== 'boolean') {
      throw new MalformedSetting({
        path: `${logPath}.enabled`,
        actual: enabled,
        expected: 'true or false',
      });
    }
    for (const [key, text] of [
      ['category', category],
      ['categoryGroup', categoryGroup],
    ] as const) {
      if (text !== undefined && text !== null && typeof text !== 'string') {
        throw new MalformedSetting({
          path: `${logPath}.${key}`,
          actual: text,
          expected: 'a string',
        });
      }
    }
    if (!enabled) continue;
    if (typeof categoryGroup === 'string') view.groups.push(categoryGroup);
    if (typeof category === 'string') view.categories.push(category);
  }
  return view;
}

function describe(view: SettingView): string {
  const enabled = [...view.groups.map((g) => `group ${g}`), ...view.categories];
  return `${view.name}: ${enabled.length > 0 ? enabled.join(', ') : 'no enabled logs'}`;
}

export function evaluate(snapshot: Snapshot): RuleOutcome {
  if (!armBody(snapshot)) return error('Expected an ARM resource body.');
  const requirement = RESOURCE_REQUIREMENTS[snapshot.resourceType.toLowerCase()];
  if (!requirement) {
    return skip(`Audit log requirements are not defined for ${snapshot.resourceType}.`);
  }
  const { source, subject, categories: required } = requirement;
  const expected =
    `a setting with a workspaceId and an enabled log of categoryGroup audit or allLogs, ` +
    `or the categories ${required.join(', ')}`;
  const settings = readPath(snapshot, source);
  if (settings === undefined || settings === null) {
    return skip(`Diagnostic settings were not read (${source} is absent).`, [
      { path: source, actual: settings, expected },
    ]);
  }
  if (!Array.isArray(settings)) {
    return error(`${source} is not an array.`, [{ path: source, actual: settings, expected }]);
  }
  let views: SettingView[];
  try {
    views = settings.map((value, index) => readSetting(value, `${source}[${index}]`, index));
  } catch (cause) {
    if (cause instanceof MalformedSetting) return error(cause.message, [cause.evidence]);
    throw cause;
  }
  const toWorkspace = views.filter((view) => view.workspaceId !== undefined);
  const isAuditGroup = (group: string): boolean => AUDIT_GROUPS.includes(group.toLowerCase());
  const byGroup = toWorkspace.find((view) => view.groups.some(isAuditGroup));
  if (byGroup) {
    const group = byGroup.groups.find(isAuditGroup);
    return pass(
      `Diagnostic setting ${byGroup.name} sends the ${group} log group to Log Analytics.`,
      [{ path: `${source}[${byGroup.index}]`, actual: describe(byGroup), expected }],
    );
  }
  const sent = new Set(toWorkspace.flatMap((view) => view.categories.map((c) => c.toLowerCase())));
  const missing = required.filter((category) => !sent.has(category.toLowerCase()));
  if (toWorkspace.length > 0 && missing.length === 0) {
    return pass(
      `Audit categories ${required.join(', ')} go to Log Analytics.`,
      toWorkspace.map((view) => ({
        path: `${source}[${view.index}]`,
        actual: describe(view),
        expected,
      })),
    );
  }
  if (views.length === 0) {
    return fail(`No diagnostic setting exists on ${subject}: audit logs are not kept.`, [
      { path: source, actual: settings, expected },
    ]);
  }
  return fail(
    toWorkspace.length === 0
      ? `No diagnostic setting on ${subject} sends logs to a Log Analytics workspace.`
      : `Audit logs of ${subject} missing from Log Analytics: ${missing.join(', ')}.`,
    views.map((view) => ({
      path: `${source}[${view.index}]`,
      actual: describe(view),
      expected,
      ...(view.workspaceId === undefined && {
        note: 'No workspaceId: this setting sends nothing to Log Analytics.',
      }),
    })),
  );
}
