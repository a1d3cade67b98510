import { describe, expect, it } from 'vitest';
import type { DiagnosticSetting, RelatedData, Snapshot } from '../../src/domain';
import { diagnosticSettingsEnabled as rule } from '../../src/rules/diagnostic-settings-enabled';
import { armSnapshot, ruleContext } from '../support/rule-snapshots';

const context = ruleContext();
const LA =
  '/subscriptions/s/resourceGroups/mon/providers/Microsoft.OperationalInsights/workspaces/logs';
const VAULT = 'Microsoft.KeyVault/vaults';
const COGNITIVE = 'Microsoft.CognitiveServices/accounts';
const WORKSPACE = 'Microsoft.MachineLearningServices/workspaces';
const STORAGE = 'Microsoft.Storage/storageAccounts';

const snapshot = (type: string, related: RelatedData): Snapshot =>
  armSnapshot(type, 'r', {}, related);

type Log = NonNullable<NonNullable<DiagnosticSetting['properties']>['logs']>[number];
const group = (categoryGroup: string, enabled = true): Log => ({ categoryGroup, enabled });
const category = (name: string, enabled = true): Log => ({ category: name, enabled });
function setting(
  logs: Log[],
  workspaceId: string | null = LA,
  name = 'to-logs',
): DiagnosticSetting {
  return { name, properties: { workspaceId, logs } };
}

const ML_ACCESS = [
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

describe('diagnostic-settings-enabled', () => {
  it('creates the setting automatically for all four resource types', () => {
    expect(rule.metadata.remedy.actionId).toBe('diagnostic-settings-create');
    expect(rule.metadata.defaultMode).toBe('auto');
    expect(rule.metadata.resourceTypes).toEqual([WORKSPACE, VAULT, STORAGE, COGNITIVE]);
  });

  it.each([
    ['vault, allLogs', VAULT, [setting([group('allLogs')])], 'pass'],
    ['vault, audit in upper case', VAULT, [setting([group('AUDIT')])], 'pass'],
    ['vault, allLogs in lower case', VAULT, [setting([group('alllogs')])], 'pass'],
    ['vault, AuditEvent category', VAULT, [setting([category('AuditEvent')])], 'pass'],
    ['vault, auditevent in lower case', VAULT, [setting([category('auditevent')])], 'pass'],
    ['vault, audit group disabled', VAULT, [setting([group('audit', false)])], 'fail'],
    [
      'vault, other category only',
      VAULT,
      [setting([category('AzurePolicyEvaluationDetails')])],
      'fail',
    ],
    ['vault, allLogs to storage only', VAULT, [setting([group('allLogs')], null)], 'fail'],
    [
      'vault, empty workspaceId as in the REST example',
      VAULT,
      [setting([group('allLogs')], '')],
      'fail',
    ],
    ['vault, no settings', VAULT, [], 'fail'],
    ['Cognitive Services, Audit', COGNITIVE, [setting([category('Audit')])], 'pass'],
    [
      'Cognitive Services, RequestResponse only',
      COGNITIVE,
      [setting([category('RequestResponse')])],
      'fail',
    ],
    ['ML workspace, audit group', WORKSPACE, [setting([group('audit')])], 'pass'],
    [
      'ML workspace, every access category',
      WORKSPACE,
      [setting(ML_ACCESS.map((c) => category(c)))],
      'pass',
    ],
    [
      'ML workspace, access categories split over two settings',
      WORKSPACE,
      [
        setting(
          ML_ACCESS.slice(0, 8).map((c) => category(c)),
          LA,
          'a',
        ),
        setting(
          ML_ACCESS.slice(8).map((c) => category(c)),
          LA,
          'b',
        ),
      ],
      'pass',
    ],
    [
      'ML workspace, one access category missing',
      WORKSPACE,
      [setting(ML_ACCESS.slice(1).map((c) => category(c)))],
      'fail',
    ],
    [
      'ML workspace, AmlComputeClusterEvent only',
      WORKSPACE,
      [setting([category('AmlComputeClusterEvent')])],
      'fail',
    ],
  ])('%s → %s', (_what, type, settings, status) => {
    expect(rule.evaluate(snapshot(type, { diagnosticSettings: settings }), context).status).toBe(
      status,
    );
  });

  it('names the missing audit categories and shows each setting', () => {
    const outcome = rule.evaluate(
      snapshot(VAULT, {
        diagnosticSettings: [setting([category('AzurePolicyEvaluationDetails')])],
      }),
      context,
    );
    expect(outcome.message).toBe('Audit logs of the vault missing from Log Analytics: AuditEvent.');
    expect(outcome.evidence).toEqual([
      {
        path: 'related.diagnosticSettings[0]',
        actual: 'to-logs: AzurePolicyEvaluationDetails',
        expected: expect.stringMatching(
          /audit or allLogs, or the categories AuditEvent$/,
        ) as string,
      },
    ]);
  });

  it('notes a setting that sends nothing to Log Analytics', () => {
    const outcome = rule.evaluate(
      snapshot(VAULT, { diagnosticSettings: [setting([group('allLogs')], '', 'to-storage')] }),
      context,
    );
    expect(outcome.message).toBe(
      'No diagnostic setting on the vault sends logs to a Log Analytics workspace.',
    );
    expect(outcome.evidence[0]).toMatchObject({
      path: 'related.diagnosticSettings[0]',
      actual: 'to-storage: group allLogs',
      note: 'No workspaceId: this setting sends nothing to Log Analytics.',
    });
  });

  it('points at the passing setting', () => {
    const outcome = rule.evaluate(
      snapshot(VAULT, {
        diagnosticSettings: [
          setting([group('allLogs')], null, 'archive'),
          setting([group('Audit')]),
        ],
      }),
      context,
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Diagnostic setting to-logs sends the Audit log group to Log Analytics.',
    );
    expect(outcome.evidence[0]?.path).toBe('related.diagnosticSettings[1]');
  });

  describe('storage accounts judge the blob service, not the account', () => {
    const blob = (settings: DiagnosticSetting[]): RelatedData => ({
      diagnosticSettings: [setting([])],
      serviceDiagnosticSettings: { blobServices: settings },
    });

    it.each([
      [
        'StorageRead, StorageWrite, StorageDelete',
        [setting(['StorageRead', 'StorageWrite', 'StorageDelete'].map((c) => category(c)))],
        'pass',
      ],
      ['the audit group', [setting([group('audit')])], 'pass'],
      ['allLogs', [setting([group('allLogs')])], 'pass'],
      ['StorageWrite only', [setting([category('StorageWrite')])], 'fail'],
      [
        'StorageDelete disabled',
        [
          setting([
            category('StorageRead'),
            category('StorageWrite'),
            category('StorageDelete', false),
          ]),
        ],
        'fail',
      ],
      ['no blob setting', [], 'fail'],
    ])('blob service with %s → %s', (_what, settings, status) => {
      expect(rule.evaluate(snapshot(STORAGE, blob(settings)), context).status).toBe(status);
    });

    it('ignores an account-level allLogs setting', () => {
      const related: RelatedData = {
        diagnosticSettings: [setting([group('allLogs')])],
        serviceDiagnosticSettings: { blobServices: [setting([category('StorageWrite')])] },
      };
      const outcome = rule.evaluate(snapshot(STORAGE, related), context);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'Audit logs of the blob service (blobServices/default) missing from Log Analytics: StorageRead, StorageDelete.',
      );
      expect(outcome.evidence[0]?.path).toBe('related.serviceDiagnosticSettings.blobServices[0]');
    });

    it('skips when the blob service settings were not read', () => {
      const outcome = rule.evaluate(snapshot(STORAGE, { diagnosticSettings: [] }), context);
      expect(outcome.status).toBe('skip');
      expect(outcome.message).toMatch(/not read.*serviceDiagnosticSettings\.blobServices/);
    });
  });

  it.each([VAULT, COGNITIVE, WORKSPACE])('skips a %s whose settings were not read', (type) => {
    const outcome = rule.evaluate(snapshot(type, {}), context);
    expect(outcome.status).toBe('skip');
    expect(outcome.message).toMatch(/Diagnostic settings were not read/);
  });

  it.each([
    ['settings is an object', { diagnosticSettings: {} }, 'related.diagnosticSettings'],
    ['a setting is a string', { diagnosticSettings: ['x'] }, 'related.diagnosticSettings[0]'],
    [
      'logs is an object',
      { diagnosticSettings: [{ properties: { workspaceId: LA, logs: {} } }] },
      'related.diagnosticSettings[0].properties.logs',
    ],
    [
      'enabled is a string',
      {
        diagnosticSettings: [
          { properties: { workspaceId: LA, logs: [{ categoryGroup: 'audit', enabled: 'yes' }] } },
        ],
      },
      'related.diagnosticSettings[0].properties.logs[0].enabled',
    ],
    [
      'categoryGroup is a number',
      {
        diagnosticSettings: [
          { properties: { workspaceId: LA, logs: [{ categoryGroup: 1, enabled: true }] } },
        ],
      },
      'related.diagnosticSettings[0].properties.logs[0].categoryGroup',
    ],
    [
      'workspaceId is a number',
      { diagnosticSettings: [{ properties: { workspaceId: 7, logs: [] } }] },
      'related.diagnosticSettings[0].properties.workspaceId',
    ],
  ])('answers error when %s', (_what, related, path) => {
    const outcome = rule.evaluate(snapshot(VAULT, related as unknown as RelatedData), context);
    expect(outcome.status).toBe('error');
    expect(outcome.evidence[0]?.path).toBe(path);
  });
});
