import { z } from 'zod';
import { unreadable } from '../arm-read';
import type { CheckContext } from '../context';
import { fix, ok, parseTopLevelId } from '../context';
import { missing } from '../permission-match';
import { NEW_VAULT_TOPIC_ACTIONS, VAULT_DEPLOY_ACTIONS } from '../needed-permissions';
import { PreflightReadError } from '../types';
import type { PreflightCheck } from '../types';
import { callerPermissions, wardVaultPermissionsCheck } from './permissions';
import { vaultTopicCheck } from './topics';

/** The vault api-version ward reads at (src/azure/api-versions.ts). */
const VAULT_API_VERSION = '2025-05-01';

const vaultSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  location: z.string(),
  properties: z
    .looseObject({
      publicNetworkAccess: z.string().optional(),
      enableRbacAuthorization: z.boolean().optional(),
      accessPolicies: z
        .array(
          z.looseObject({
            objectId: z.string(),
            permissions: z.looseObject({ secrets: z.array(z.string()).default([]) }).prefault({}),
          }),
        )
        .default([]),
      networkAcls: z
        .looseObject({
          defaultAction: z.string().optional(),
          bypass: z.string().optional(),
          ipRules: z.array(z.looseObject({ value: z.string() })).optional(),
        })
        .optional(),
    })
    .prefault({}),
});

type Vault = z.infer<typeof vaultSchema>;

/**
 * Whether ward's data-plane path reaches the vault. ward lists secret versions and updates
 * `exp` on the data plane, which the vault firewall guards; Functions are not a trusted service,
 * so `bypass: AzureServices` does not let them through. ARM's metadata reads are not subject
 * to the firewall (arm-errors.md).
 */
function networkCheck(vault: Vault, resourceGroup: string): PreflightCheck {
  const p = vault.properties;
  const refused =
    "ward's data-plane reads of secret versions and its expiry update (secrets/update) would be refused with 403 Forbidden (ForbiddenByFirewall); ARM metadata reads (the vault, Microsoft.KeyVault/vaults/secrets) are not subject to the firewall and still work";
  if (p.publicNetworkAccess?.toLowerCase() === 'disabled') {
    return fix(
      'vault-network',
      vault.id,
      `publicNetworkAccess is Disabled: ${refused}`,
      `give ward's Function App VNet integration with a route to a private endpoint of ${vault.name} (az network private-endpoint create --group-id vault --private-connection-resource-id ${vault.id} ...), or leave the vault out of --vault`,
    );
  }
  if (p.networkAcls?.defaultAction?.toLowerCase() === 'deny') {
    const rules = p.networkAcls.ipRules?.length ?? 0;
    return fix(
      'vault-network',
      vault.id,
      `networkAcls.defaultAction is Deny (${rules} IP rule${rules === 1 ? '' : 's'}, bypass ${p.networkAcls.bypass ?? 'None'}): unless ward's outbound addresses are among the rules, ${refused}`,
      `for each outbound IP of ward's Function App: az keyvault network-rule add -g ${resourceGroup} -n ${vault.name} --ip-address <ip>/32`,
    );
  }
  return ok(
    'vault-network',
    vault.id,
    `publicNetworkAccess ${p.publicNetworkAccess ?? 'Enabled'}, networkAcls.defaultAction ${p.networkAcls?.defaultAction ?? 'Allow'}: ward's data-plane calls reach the vault`,
  );
}

function authorizationCheck(ctx: CheckContext, vault: Vault): PreflightCheck {
  if (vault.properties.enableRbacAuthorization === true) {
    return ok(
      'vault-authorization',
      vault.id,
      `the vault uses RBAC: ward's role carries its secret data actions`,
    );
  }
  const ward = ctx.input.wardPrincipalId?.toLowerCase();
  const granted = new Set(
    vault.properties.accessPolicies
      .filter((p) => ward !== undefined && p.objectId.toLowerCase() === ward)
      .flatMap((p) => p.permissions.secrets.map((s) => s.toLowerCase())),
  );
  if (granted.has('all') || (granted.has('list') && granted.has('set'))) {
    return ok(
      'vault-authorization',
      vault.id,
      `the vault uses access policies; ward's identity has one with secret permissions list and set`,
    );
  }
  const who = ctx.input.wardPrincipalId ?? '<ward identity object id>';
  return fix(
    'vault-authorization',
    vault.id,
    `the vault uses access policies and ${ward ? "ward's identity has none with secret permissions list and set" : "ward's identity is not named (--ward-principal)"}: roles do not reach its data plane, so ward cannot list secret versions or set an expiry`,
    `az keyvault set-policy -n ${vault.name} --object-id ${who} --secret-permissions list set`,
  );
}

/** Every check of one watched vault. */
export async function vaultChecks(ctx: CheckContext, vaultId: string): Promise<PreflightCheck[]> {
  const parts = parseTopLevelId(vaultId);
  if (parts?.type.toLowerCase() !== 'microsoft.keyvault/vaults') {
    throw new PreflightReadError(
      `--vault ${vaultId}: not a Key Vault resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<name>)`,
    );
  }
  const reader = await ctx.deps.reader(parts.subscriptionId);
  const result = await reader.get(vaultId, VAULT_API_VERSION);
  if (result.status !== 200) throw unreadable(`vault ${vaultId}`, result);
  const vault = vaultSchema.parse(result.body);
  const topics = vaultTopicCheck(
    vault.id,
    await ctx.systemTopics(parts.subscriptionId),
    parts.resourceGroup,
    vault.location,
  );
  const groupScope = `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroup}`;
  const held = await callerPermissions(reader, groupScope);
  const lacking = missing(held, [
    ...VAULT_DEPLOY_ACTIONS,
    ...(topics.existing ? [] : NEW_VAULT_TOPIC_ACTIONS),
  ]);
  const deploy = lacking.length
    ? fix(
        'vault-deploy-permissions',
        vault.id,
        `the signed-in identity lacks ${lacking.join(', ')} in resource group '${parts.resourceGroup}': deploying infra/keyvault-events.json would fail with AuthorizationFailed`,
        `az role assignment create --assignee <your object id> --role Contributor --scope ${groupScope}`,
      )
    : ok(
        'vault-deploy-permissions',
        vault.id,
        `the signed-in identity may deploy infra/keyvault-events.json in '${parts.resourceGroup}'`,
      );
  const watched = ctx.input.subscriptions.some(
    (s) => s.toLowerCase() === parts.subscriptionId.toLowerCase(),
  );
  const scopeCheck = watched
    ? ok(
        'vault-role-scope',
        vault.id,
        `the vault is in a watched subscription: ward's role assigned there covers it`,
      )
    : fix(
        'vault-role-scope',
        vault.id,
        `the vault's subscription ${parts.subscriptionId} is not among the subscriptions checked: infra/subscription.json assigns ward's role only on watched subscriptions`,
        `deploy infra/subscription.json to ${parts.subscriptionId} too, or run ward preflight with --subscription ${parts.subscriptionId}`,
      );
  const ward = await wardVaultPermissionsCheck(ctx, reader, vault.id);
  return [
    ...topics.checks,
    networkCheck(vault, parts.resourceGroup),
    authorizationCheck(ctx, vault),
    deploy,
    scopeCheck,
    ...(ward ? [ward] : []),
  ];
}
