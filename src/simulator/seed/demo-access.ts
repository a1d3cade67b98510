import { WARD_ROLE_NAME } from '../rbac/infra-role';
import type { Seed, SeedResource } from './format';
import { deterministicUuid } from './ids';

/** Who acts in the demo, by object id (the demo's credentials mint tokens with these). */
export const DEMO_ACCESS_PRINCIPALS = {
  ward: deterministicUuid('ward-demo', 'principal', 'ward-managed-identity'),
  dataScientist: deterministicUuid('ward-demo', 'principal', 'data-scientist'),
} as const;

const VAULT_TYPE = 'microsoft.keyvault/vaults';

interface AccessPolicy {
  tenantId: string;
  objectId: string;
  permissions: { secrets: string[] };
}

function withAccessPolicies(vault: SeedResource, tenantId: string): SeedResource {
  const properties = vault.properties ?? {};
  if (properties.enableRbacAuthorization === true) return vault;
  const current: unknown = properties.accessPolicies;
  const existing: unknown[] = Array.isArray(current) ? (current as unknown[]) : [];
  const added: AccessPolicy[] = [
    // What ward does on a vault that still uses access policies: list versions (metadata) and
    // update attributes, which the access-policy model only grants with `set`.
    { tenantId, objectId: DEMO_ACCESS_PRINCIPALS.ward, permissions: { secrets: ['list', 'set'] } },
    {
      tenantId,
      objectId: DEMO_ACCESS_PRINCIPALS.dataScientist,
      permissions: { secrets: ['get', 'list', 'set'] },
    },
  ];
  return { ...vault, properties: { ...properties, accessPolicies: [...existing, ...added] } };
}

/**
 * The demo's access: ward's identity holds exactly what infra/subscription.json grants (the
 * `ward remediator` role on each watched subscription) and, on vaults that still use access
 * policies, the access policy docs/deployment.md asks vault owners for; the data scientist is a
 * Contributor and Key Vault Secrets Officer on each subscription.
 */
export function withDemoAccess(seed: Seed): Seed {
  const roleAssignments = seed.subscriptions.flatMap(({ subscriptionId }) => {
    const scope = `/subscriptions/${subscriptionId}`;
    return [
      { principalId: DEMO_ACCESS_PRINCIPALS.ward, role: WARD_ROLE_NAME, scope },
      { principalId: DEMO_ACCESS_PRINCIPALS.dataScientist, role: 'Contributor', scope },
      {
        principalId: DEMO_ACCESS_PRINCIPALS.dataScientist,
        role: 'Key Vault Secrets Officer',
        scope,
      },
    ];
  });
  return {
    ...seed,
    resources: seed.resources.map((r) =>
      r.type.toLowerCase() === VAULT_TYPE ? withAccessPolicies(r, seed.tenantId) : r,
    ),
    roleAssignments: [...(seed.roleAssignments ?? []), ...roleAssignments],
  };
}
