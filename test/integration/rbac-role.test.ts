import { describe, expect, it } from 'vitest';
import { deriveRoleDefinition } from '../../src/actions';
import { parseRemediationRecord } from '../../src/app/remediation-record';
import { ACTION_IDS, RULE_IDS } from '../../src/domain';
import { WARD_ROLE_NAME, wardRemediatorRole } from '../../src/simulator/rbac/infra-role';
import type { RoleDefinition } from '../../src/simulator/rbac/roles';
import type { Seed } from '../../src/simulator/seed/format';
import { providerId } from '../../src/simulator/seed/ids';
import { INSECURE_ESTATE, insecureEstate } from '../../src/simulator/seed/insecure-estate';
import type { PolicyInput } from '../../src/config/policy';
import { startWardHarness, WARD_OID } from './harness';

const N = INSECURE_ESTATE;
const shared = (provider: string, type: string, name: string): string =>
  providerId(N.subscriptions.prod, N.resourceGroups.shared, provider, type, name);
const INFRA_ROLE = wardRemediatorRole();
/**
 * Actions whose undo is exercised too: their revert-only permissions must be proven. The compute
 * undo is the one of an instance's stop (starting it again needs computes/start/action); the
 * NIC's associates its public IP again (publicIPAddresses/join/action on the linked address).
 */
const UNDONE: { actionId: string; computeType?: string }[] = [
  { actionId: 'diagnostic-settings-create' },
  { actionId: 'ml-workspace-create-private-endpoint' },
  { actionId: 'ml-compute-stop-or-scale-to-zero', computeType: 'ComputeInstance' },
  { actionId: 'network-nic-dissociate-public-ip' },
];

/**
 * The demo estate with ward's identity holding `role` on each watched subscription (what
 * infra/subscription.json assigns) and, on vaults that still use access policies, the policy
 * docs/deployment.md asks their owners for.
 */
function estate(): Seed {
  const seed = insecureEstate({ now: new Date() });
  return {
    ...seed,
    resources: seed.resources.map((r) =>
      r.type === 'Microsoft.KeyVault/vaults' && r.properties?.enableRbacAuthorization !== true
        ? {
            ...r,
            properties: {
              ...r.properties,
              accessPolicies: [
                {
                  tenantId: seed.tenantId,
                  objectId: WARD_OID,
                  permissions: { secrets: ['list', 'set'] },
                },
              ],
            },
          }
        : r,
    ),
    roleAssignments: seed.subscriptions.map((s) => ({
      principalId: WARD_OID,
      role: WARD_ROLE_NAME,
      scope: `/subscriptions/${s.subscriptionId}`,
    })),
  };
}

interface Run {
  /** Failed ledger entries (kind, action, error) and undo failures. */
  failures: string[];
  /** Alerts ward raised, as recorded (ledger) and as posted to Teams. */
  alerts: string[];
  applied: string[];
  undone: string[];
  /** What the simulator allowed ward's identity to do (lower case). */
  used: ReadonlySet<string>;
  /** Related reads ward could not make (logged; the rules needing them skip). */
  readWarnings: string[];
  /** Rules whose findings went to a ticket because the policy withholds vault writes. */
  vaultWritesOff: string[];
}

/** Every rule in auto, two sweeps, then the undo of each action in UNDONE. */
async function runCatalog(role: RoleDefinition, extra: PolicyInput = {}): Promise<Run> {
  const h = await startWardHarness({
    seed: estate(),
    sim: { rbac: { roles: [role] } },
    policy: {
      rules: Object.fromEntries(RULE_IDS.map((id) => [id, { mode: 'auto' }])),
      diagnostics: {
        workspaceId: shared('Microsoft.OperationalInsights', 'workspaces', N.logAnalytics),
      },
      privateEndpoints: {
        subnetId: `${shared('Microsoft.Network', 'virtualNetworks', N.vnet)}/subnets/${N.privateEndpointSubnet}`,
        privateDnsZoneIds: [shared('Microsoft.Network', 'privateDnsZones', N.privateDnsZone)],
      },
      guardrails: { budget: { maxChanges: 100, maxChangesPerSubscription: 100 } },
      ...extra,
    },
  });
  try {
    const tick = (id: string) => ({
      invocationId: id,
      functionName: 'sweep',
      firedAt: new Date().toISOString(),
      isPastDue: false,
    });
    await h.ward.sweep(tick('sweep-1'));
    await h.ward.sweep(tick('sweep-2'));
    const entries = await h.ward.ledger.listAll();
    const failures = entries.flatMap((e) =>
      e.outcome === 'failed' && e.kind !== 'alert'
        ? [`${e.kind} ${e.actionId ?? e.ruleId ?? ''}: ${e.error ?? e.summary ?? ''}`]
        : [],
    );
    const succeeded = entries.filter((e) => e.kind === 'action' && e.outcome === 'succeeded');
    const undone: string[] = [];
    for (const { actionId, computeType } of UNDONE) {
      const entry = succeeded.find(
        (e) =>
          e.actionId === actionId &&
          (computeType === undefined ||
            parseRemediationRecord(e.after)?.plan.parameters.computeType === computeType),
      );
      if (!entry) continue;
      try {
        await h.ward.undo(entry.id, 'olivia@contoso.example');
        undone.push(actionId);
      } catch (error) {
        failures.push(
          `undo ${actionId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const alerts = [
      ...entries
        .filter((e) => e.kind === 'alert')
        .map((e) => `${e.summary ?? ''} ${e.error ?? ''}`),
      ...h.cards().map((c) => `${c.title}: ${c.text}`),
    ];
    return {
      failures,
      alerts,
      applied: [...new Set(succeeded.map((e) => e.actionId ?? ''))].sort(),
      undone,
      used: new Set(h.sim.rbac?.usedBy(WARD_OID) ?? []),
      vaultWritesOff: [
        ...new Set(
          entries
            .filter((e) => e.reasons?.some((r) => r.code === 'vault-writes-off'))
            .map((e) => `${e.ruleId ?? ''} ${e.verb ?? ''}`),
        ),
      ].sort(),
      readWarnings: h.logs
        .filter((line) => line.msg === 'related data not read; rules needing it skip')
        .map((line) => JSON.stringify(line.warnings)),
    };
  } finally {
    await h.stop();
  }
}

const ALL_APPLIED = [
  'cognitive-disable-local-auth',
  'cognitive-disable-public-network',
  'diagnostic-settings-create',
  'keyvault-disable-public-network',
  'keyvault-enable-purge-protection',
  'keyvault-secret-set-expiry',
  'ml-compute-set-idle-shutdown',
  'ml-compute-stop-or-scale-to-zero',
  'ml-workspace-create-private-endpoint',
  'ml-workspace-disable-public-network',
  'network-nic-dissociate-public-ip',
  'storage-disable-blob-public-access',
  'storage-set-min-tls-1-2',
];

const WORDING: Record<string, RegExp> = {
  AuthorizationFailed: /does not have authorization to perform action/,
  LinkedAuthorizationFailed:
    /however, it does not have permission to perform action .* on the linked scope/,
  ForbiddenByRbac: /Caller is not authorized to perform action on resource/,
  // ward's own refusal before a write whose linked scope it lacks (Azure would answer
  // LinkedAuthorizationFailed after a half change).
  'refused-by-permissions': /Nothing was written: ward's identity lacks /,
};

const without = (permission: string): RoleDefinition => ({
  ...INFRA_ROLE,
  actions: INFRA_ROLE.actions.filter((p) => p !== permission),
  dataActions: INFRA_ROLE.dataActions.filter((p) => p !== permission),
});

describe("ward's custom role under the simulator's RBAC", () => {
  it('is what infra/subscription.json grants: the catalog-derived role', () => {
    const derived = deriveRoleDefinition([...ACTION_IDS]);
    expect({ actions: INFRA_ROLE.actions, dataActions: INFRA_ROLE.dataActions }).toEqual(derived);
  });

  it('without vault writes (allowVaultWrites false, vaultWrites.enabled false): the vault fixes become tickets and nothing is refused', async () => {
    const narrow = wardRemediatorRole(undefined, { allowVaultWrites: false });
    expect(narrow.actions).not.toContain('Microsoft.KeyVault/vaults/write');
    const run = await runCatalog(narrow, { vaultWrites: { enabled: false } });
    expect(run.failures).toEqual([]);
    expect(run.applied).toEqual(
      ALL_APPLIED.filter(
        (id) =>
          id !== 'keyvault-disable-public-network' && id !== 'keyvault-enable-purge-protection',
      ),
    );
    expect(run.vaultWritesOff).toEqual([
      'keyvault-public-network-disabled open-ticket',
      'keyvault-purge-protection-enabled open-ticket',
    ]);
    expect(run.used.has('microsoft.keyvault/vaults/write')).toBe(false);
  }, 120_000);

  let exact: Run;
  it('is sufficient: with exactly the role, every action and its undo succeed on the demo estate', async () => {
    exact = await runCatalog(INFRA_ROLE);
    expect(exact.failures).toEqual([]);
    expect(exact.applied).toEqual(ALL_APPLIED);
    expect(exact.undone).toEqual(UNDONE.map((u) => u.actionId));
  }, 120_000);

  it('is minimal: every permission of the role was needed (the role has no wildcard, so each grants exactly one operation)', () => {
    const unused = [...INFRA_ROLE.actions, ...INFRA_ROLE.dataActions].filter(
      (p) => !exact.used.has(p.toLowerCase()),
    );
    expect(unused).toEqual([]);
    expect([...INFRA_ROLE.actions, ...INFRA_ROLE.dataActions].some((p) => p.includes('*'))).toBe(
      false,
    );
  });

  it.each([
    {
      permission: 'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
      code: 'refused-by-permissions',
      scope: shared('Microsoft.OperationalInsights', 'workspaces', N.logAnalytics),
    },
    {
      permission: 'Microsoft.Network/loadBalancers/backendAddressPools/join/action',
      code: 'refused-by-permissions',
      scope: '/loadBalancers/lb-jumpbox/backendAddressPools/pool-jumpbox',
    },
    {
      permission: 'Microsoft.Network/privateDnsZones/join/action',
      code: 'refused-by-permissions',
      scope: shared('Microsoft.Network', 'privateDnsZones', N.privateDnsZone),
    },
    {
      permission: 'Microsoft.Storage/storageAccounts/write',
      code: 'AuthorizationFailed',
      scope: '/providers/Microsoft.Storage/storageAccounts/',
    },
    {
      permission: 'Microsoft.MachineLearningServices/workspaces/computes/start/action',
      code: 'AuthorizationFailed',
      scope: '/computes/',
    },
    {
      permission: 'Microsoft.Network/publicIPAddresses/join/action',
      code: 'LinkedAuthorizationFailed',
      scope: '/publicIPAddresses/',
    },
    {
      permission: 'Microsoft.KeyVault/vaults/secrets/update/action',
      code: 'ForbiddenByRbac',
      scope: `/vaults/${N.vaults.research}/secrets/`,
    },
  ])(
    'without $permission an action fails with $code, and the ledger and the alert name the permission and scope',
    async ({ permission, code, scope }) => {
      const run = await runCatalog(without(permission));
      const names = (text: string): boolean =>
        text.includes(permission) && text.toLowerCase().includes(scope.toLowerCase());
      const failed = run.failures.filter(names);
      expect(failed.length, run.failures.join('\n')).toBeGreaterThan(0);
      // Each refusal reads as Azure words it (the SDK's message is ARM's, without the code).
      expect(
        failed.some((f) => f.includes(code) || (WORDING[code]?.test(f) ?? false)),
        failed.join('\n'),
      ).toBe(true);
      expect(run.alerts.some(names), run.alerts.join('\n')).toBe(true);
    },
    120_000,
  );

  it.each([
    {
      permission: 'Microsoft.KeyVault/vaults/privateEndpointConnections/read',
      scope: `/vaults/${N.vaults.research}/privateEndpointConnections`,
    },
    {
      permission: 'Microsoft.MachineLearningServices/workspaces/privateEndpointConnections/read',
      scope: '/privateEndpointConnections',
    },
  ])(
    'without $permission the connections listing is refused with AuthorizationFailed, logged with the permission and scope',
    async ({ permission, scope }) => {
      const run = await runCatalog(without(permission));
      const refused = run.readWarnings.filter(
        (text) =>
          text.includes(permission) &&
          text.toLowerCase().includes(scope.toLowerCase()) &&
          // The SDK's message is ARM's wording, without the code.
          (text.includes('AuthorizationFailed') ||
            text.includes('does not have authorization to perform action')),
      );
      expect(refused.length, run.readWarnings.join('\n')).toBeGreaterThan(0);
    },
    120_000,
  );
});
