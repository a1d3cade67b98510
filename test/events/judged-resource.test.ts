import { describe, expect, it } from 'vitest';
import { judgedResourceId } from '../../src/events/judged-resource';
import { parseEvent } from '../../src/events/parse';

const VAULT =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';
const STORAGE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1';

describe('judgedResourceId', () => {
  it('judges the parent of a diagnostic setting', () => {
    expect(judgedResourceId(`${VAULT}/providers/Microsoft.Insights/diagnosticSettings/audit`)).toBe(
      VAULT,
    );
    expect(judgedResourceId(`${VAULT}/providers/microsoft.insights/DiagnosticSettings/x`)).toBe(
      VAULT,
    );
  });

  it('judges the storage account for a setting on one of its services', () => {
    expect(
      judgedResourceId(
        `${STORAGE}/blobServices/default/providers/Microsoft.Insights/diagnosticSettings/logs`,
      ),
    ).toBe(STORAGE);
  });

  it('judges the workspace or vault of a private endpoint connection', () => {
    const workspace =
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws1';
    expect(judgedResourceId(`${workspace}/privateEndpointConnections/pe-ws1.1234`)).toBe(workspace);
    expect(judgedResourceId(`${VAULT}/PrivateEndpointConnections/pe-kv1`)).toBe(VAULT);
    // Only a connection itself maps: a deeper path is not a connection.
    expect(judgedResourceId(`${workspace}/privateEndpointConnections/a/b`)).toBe(
      `${workspace}/privateEndpointConnections/a/b`,
    );
  });

  it('leaves other resources as they are', () => {
    expect(judgedResourceId(VAULT)).toBe(VAULT);
    expect(judgedResourceId(`${STORAGE}/blobServices/default`)).toBe(
      `${STORAGE}/blobServices/default`,
    );
  });

  it('is what a parsed diagnostic-setting event points at', () => {
    const signal = parseEvent({
      id: 'e1',
      topic: '/subscriptions/00000000-0000-0000-0000-000000000001',
      subject: `${VAULT}/providers/Microsoft.Insights/diagnosticSettings/audit`,
      eventType: 'Microsoft.Resources.ResourceDeleteSuccess',
      eventTime: '2026-11-23T10:00:00Z',
      dataVersion: '2',
      metadataVersion: '1',
      data: {
        resourceUri: `${VAULT}/providers/Microsoft.Insights/diagnosticSettings/audit`,
        operationName: 'Microsoft.Insights/diagnosticSettings/delete',
        subscriptionId: '00000000-0000-0000-0000-000000000001',
        status: 'Succeeded',
      },
    });
    expect(signal.resourceId).toBe(VAULT);
    expect(signal.operationName).toBe('Microsoft.Insights/diagnosticSettings/delete');
  });
});
