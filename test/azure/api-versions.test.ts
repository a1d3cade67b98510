import { describe, expect, it } from 'vitest';
import { apiVersionFor } from '../../src/azure/api-versions';
import { AzureError } from '../../src/azure/errors';
import { parseResourceId } from '../../src/azure/resource-id';

describe('apiVersionFor', () => {
  it('returns the pinned version, whatever the case', () => {
    expect(apiVersionFor('Microsoft.Storage/storageAccounts')).toBe('2025-08-01');
    expect(apiVersionFor('microsoft.storage/STORAGEACCOUNTS')).toBe('2025-08-01');
    expect(apiVersionFor('Microsoft.KeyVault/vaults')).toBe('2025-05-01');
    expect(apiVersionFor('Microsoft.CognitiveServices/accounts')).toBe('2025-09-01');
    expect(apiVersionFor('Microsoft.Insights/diagnosticSettings')).toBe('2021-05-01-preview');
    expect(apiVersionFor('Microsoft.OperationalInsights/workspaces')).toBe('2025-07-01');
  });

  it('covers every type of a provider pinned as a whole', () => {
    expect(apiVersionFor('Microsoft.MachineLearningServices/workspaces/computes')).toBe(
      '2025-12-01',
    );
    expect(apiVersionFor('Microsoft.MachineLearningServices/workspaces')).toBe('2025-12-01');
    expect(apiVersionFor('Microsoft.Network/networkInterfaces')).toBe('2026-01-01');
    expect(apiVersionFor('Microsoft.Network/publicIPAddresses')).toBe('2026-01-01');
  });

  it('refuses a type ward does not read, with a code', () => {
    expect(() => apiVersionFor('Microsoft.Compute/virtualMachines')).toThrow(AzureError);
    expect(() => apiVersionFor('Microsoft.Compute/virtualMachines')).toThrow(
      expect.objectContaining({ code: 'unknown-resource-type', retryable: false }),
    );
    expect(() => apiVersionFor('Microsoft.Network')).toThrow(/Microsoft.Network/);
  });
});

describe('parseResourceId', () => {
  it('splits a nested resource id', () => {
    expect(
      parseResourceId(
        '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/ws1/computes/c1',
      ),
    ).toEqual({
      subscriptionId: 's1',
      resourceGroup: 'rg1',
      type: 'Microsoft.MachineLearningServices/workspaces/computes',
      name: 'c1',
    });
  });

  it('takes the type from the last providers segment', () => {
    expect(
      parseResourceId(
        '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/sa/providers/Microsoft.Insights/diagnosticSettings/d1',
      ).type,
    ).toBe('Microsoft.Insights/diagnosticSettings');
  });

  it('rejects ids that name no resource', () => {
    expect(() => parseResourceId('/subscriptions/s1/resourceGroups/rg1')).toThrow(/no provider/);
    expect(() => parseResourceId('https://kv.vault.azure.net/secrets/x')).toThrow(/subscriptions/);
  });
});
