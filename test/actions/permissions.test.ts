import { describe, expect, it } from 'vitest';
import * as catalog from '../../src/actions/catalog';
import {
  ActionRegistryError,
  createActionRegistry,
  type WardAction,
} from '../../src/actions/registry';
import { READER_PERMISSIONS, deriveRoleDefinition } from '../../src/actions/role';
import { ACTION_IDS } from '../../src/domain';
import { ARM_READERS } from '../../src/readers/arm-readers';
import { createRegistry } from '../../src/rules/registry';

const registry = createActionRegistry();

/** Actions that delete something, and only in revert (undo removes what ward created). */
const DELETING = ['diagnostic-settings-create', 'ml-workspace-create-private-endpoint'];

const OPERATION = /^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+$/;

describe('the action catalog', () => {
  it('registers exactly one action per id in ACTION_IDS, in that order', () => {
    expect(registry.actions.map((a) => a.id)).toEqual([...ACTION_IDS]);
    const ids = Object.values(catalog).map((a: WardAction) => a.id);
    for (const id of ACTION_IDS) expect(ids.filter((x) => x === id)).toHaveLength(1);
  });

  it('gives every rule remedy an action that writes the rule’s resource types', () => {
    for (const rule of createRegistry().rules) {
      const { actionId } = rule.metadata.remedy;
      if (actionId === 'none') continue;
      const action = registry.get(actionId);
      const written = action.resourceTypes.map((t) => t.toLowerCase());
      const judged = rule.metadata.resourceTypes.map((t) => t.toLowerCase());
      expect(
        judged.some((t) => written.includes(t)),
        `${rule.metadata.id} → ${actionId}`,
      ).toBe(true);
    }
  });

  it('refuses an export named apart from its id, an unknown id, a duplicate and a missing action', () => {
    const all = { ...catalog } as Record<string, WardAction>;
    const tls = catalog.storageSetMinTls12;
    expect(() => createActionRegistry({ ...all, tls })).toThrow(ActionRegistryError);
    expect(() =>
      createActionRegistry({
        ...all,
        storageSomethingElse: { ...tls, id: 'storage-something-else' as never },
      }),
    ).toThrow(/not in ACTION_IDS/);
    const { storageSetMinTls12: _omitted, ...missing } = all;
    expect(() => createActionRegistry(missing)).toThrow(
      /No action implements storage-set-min-tls-1-2/,
    );
  });
});

describe.each(registry.actions.map((action) => ({ id: action.id, action })))(
  '$id permissions',
  ({ action }) => {
    const { actions, dataActions, revertOnly = [] } = action.permissions;
    const all = [...actions, ...dataActions];

    it('declares at least one permission, each a full operation name without wildcards', () => {
      expect(all.length).toBeGreaterThan(0);
      for (const permission of all) {
        expect(permission).not.toContain('*');
        expect(permission).toMatch(OPERATION);
      }
      expect(new Set(all).size).toBe(all.length);
    });

    it('reads the types it writes (precondition and verify re-read them)', () => {
      for (const type of action.resourceTypes) {
        const read = `${type}/read`.toLowerCase();
        const granted = [...actions, ...READER_PERMISSIONS.actions].map((p) => p.toLowerCase());
        if (type.toLowerCase() === 'microsoft.keyvault/vaults/secrets') {
          expect(dataActions).toContain('Microsoft.KeyVault/vaults/secrets/readMetadata/action');
        } else {
          expect(granted).toContain(read);
        }
      }
    });

    it('holds a delete permission only if its revert deletes, and marks it revert-only', () => {
      const deletes = actions.filter((p) => p.endsWith('/delete'));
      if (DELETING.includes(action.id)) {
        expect(deletes.length).toBeGreaterThan(0);
        expect(action.reversible).toBe(true);
        for (const permission of deletes) expect(revertOnly).toContain(permission);
      } else {
        expect(deletes).toEqual([]);
      }
      for (const permission of revertOnly) expect(actions).toContain(permission);
    });

    it('never reads a secret value', () => {
      expect(all.map((p) => p.toLowerCase())).not.toContain(
        'microsoft.keyvault/vaults/secrets/getsecret/action',
      );
    });
  },
);

describe('READER_PERMISSIONS', () => {
  it('grants read on every type a reader reads, and nothing but reads and secret metadata', () => {
    const granted = READER_PERMISSIONS.actions.map((p) => p.toLowerCase());
    for (const type of Object.keys(ARM_READERS)) expect(granted).toContain(`${type}/read`);
    for (const permission of READER_PERMISSIONS.actions) expect(permission).toMatch(/\/read$/);
    expect(READER_PERMISSIONS.dataActions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ]);
  });
});

describe('deriveRoleDefinition', () => {
  it('derives the full catalog’s role: sorted, de-duplicated, exact', () => {
    const role = deriveRoleDefinition(ACTION_IDS);
    expect(role).toEqual({
      actions: [
        'Microsoft.CognitiveServices/accounts/read',
        'Microsoft.CognitiveServices/accounts/write',
        'Microsoft.Insights/diagnosticSettings/delete',
        'Microsoft.Insights/diagnosticSettings/read',
        'Microsoft.Insights/diagnosticSettings/write',
        'Microsoft.KeyVault/vaults/privateEndpointConnections/read',
        'Microsoft.KeyVault/vaults/read',
        'Microsoft.KeyVault/vaults/write',
        'Microsoft.MachineLearningServices/workspaces/computes/read',
        'Microsoft.MachineLearningServices/workspaces/computes/start/action',
        'Microsoft.MachineLearningServices/workspaces/computes/stop/action',
        'Microsoft.MachineLearningServices/workspaces/computes/updateIdleShutdownSetting/action',
        'Microsoft.MachineLearningServices/workspaces/computes/write',
        'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read',
        'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
        'Microsoft.MachineLearningServices/workspaces/privateEndpointConnectionsApproval/action',
        'Microsoft.MachineLearningServices/workspaces/read',
        'Microsoft.MachineLearningServices/workspaces/write',
        'Microsoft.Network/applicationGateways/backendAddressPools/join/action',
        'Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action',
        'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
        'Microsoft.Network/loadBalancers/inboundNatRules/join/action',
        'Microsoft.Network/networkInterfaces/read',
        'Microsoft.Network/networkInterfaces/write',
        'Microsoft.Network/networkSecurityGroups/join/action',
        'Microsoft.Network/privateDnsZones/join/action',
        'Microsoft.Network/privateEndpoints/delete',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write',
        'Microsoft.Network/privateEndpoints/read',
        'Microsoft.Network/privateEndpoints/write',
        'Microsoft.Network/publicIPAddresses/join/action',
        'Microsoft.Network/publicIPAddresses/read',
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
        'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
        'Microsoft.Storage/storageAccounts/read',
        'Microsoft.Storage/storageAccounts/write',
      ],
      dataActions: [
        'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
        'Microsoft.KeyVault/vaults/secrets/update/action',
      ],
    });
    expect([...role.actions].sort((a, b) => a.localeCompare(b))).toEqual(role.actions);
    expect(new Set(role.actions).size).toBe(role.actions.length);
    expect([...role.actions, ...role.dataActions].some((p) => p.includes('*'))).toBe(false);
  });

  it('without undo holds no delete and nothing only undo needs', () => {
    const role = deriveRoleDefinition(ACTION_IDS, { includeRevert: false });
    expect(role.actions.filter((p) => p.endsWith('/delete'))).toEqual([]);
    expect(role.actions).not.toContain('Microsoft.Network/publicIPAddresses/join/action');
    expect(role.actions).not.toContain(
      'Microsoft.MachineLearningServices/workspaces/computes/start/action',
    );
    expect(role.actions).toContain(
      'Microsoft.MachineLearningServices/workspaces/computes/stop/action',
    );
  });

  it('holds only reads and the enabled actions’ writes: no actions → the readers’ permissions', () => {
    expect(deriveRoleDefinition([])).toEqual({
      actions: [...READER_PERMISSIONS.actions].sort((a, b) => a.localeCompare(b)),
      dataActions: [...READER_PERMISSIONS.dataActions],
    });
    const storageOnly = deriveRoleDefinition(['storage-set-min-tls-1-2']);
    expect(storageOnly.actions.filter((p) => !p.endsWith('/read'))).toEqual([
      'Microsoft.Storage/storageAccounts/write',
    ]);
    expect(storageOnly.dataActions).toEqual([
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ]);
  });
});
