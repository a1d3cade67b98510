import { z } from 'zod';
import type { ArmReader } from '../arm-read';
import type { CheckContext } from '../context';
import { fix, ok, subscriptionScope } from '../context';
import type { PermissionEntry } from '../permission-match';
import { missing } from '../permission-match';
import {
  NEW_SUBSCRIPTION_TOPIC_ACTIONS,
  SUBSCRIPTION_DEPLOY_ACTIONS,
  wardRolePermissions,
} from '../needed-permissions';
import type { PreflightCheck } from '../types';

const PERMISSIONS_API_VERSION = '2022-04-01';

const entrySchema = z.looseObject({
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).default([]),
  notDataActions: z.array(z.string()).default([]),
});

/** What the signed-in identity holds at `scope`: ARM's permissions API answers for the caller only. */
export async function callerPermissions(
  reader: ArmReader,
  scope: string,
): Promise<PermissionEntry[]> {
  const items = await reader.list(
    `${scope}/providers/Microsoft.Authorization/permissions`,
    PERMISSIONS_API_VERSION,
    `the signed-in identity's permissions at ${scope}`,
  );
  return items.map((item) => entrySchema.parse(item));
}

function list(actions: readonly string[], max = 6): string {
  const shown = actions.slice(0, max).join(', ');
  return actions.length > max ? `${shown} and ${actions.length - max} more` : shown;
}

/** The deploying identity (the caller) holds what infra/subscription.json needs. */
export async function deployPermissionsCheck(
  ctx: CheckContext,
  subscriptionId: string,
  createsTopic: boolean,
): Promise<PreflightCheck> {
  const scope = subscriptionScope(subscriptionId);
  const held = await callerPermissions(await ctx.deps.reader(subscriptionId), scope);
  const wanted = [
    ...SUBSCRIPTION_DEPLOY_ACTIONS,
    ...(createsTopic ? NEW_SUBSCRIPTION_TOPIC_ACTIONS : []),
  ];
  const lacking = missing(held, wanted);
  return lacking.length === 0
    ? ok(
        'deploy-permissions',
        scope,
        `the signed-in identity holds the ${wanted.length} actions infra/subscription.json needs here`,
      )
    : fix(
        'deploy-permissions',
        scope,
        `the signed-in identity lacks ${list(lacking)}: deploying infra/subscription.json would fail with AuthorizationFailed`,
        `az role assignment create --assignee <your object id> --role Owner --scope ${scope}   # or Contributor plus User Access Administrator`,
      );
}

/**
 * ward's identity holds its role here. Readable only when the caller is ward's identity;
 * otherwise the check says so and how to look.
 */
export async function wardPermissionsCheck(
  ctx: CheckContext,
  subscriptionId: string,
): Promise<PreflightCheck> {
  const scope = subscriptionScope(subscriptionId);
  const roleName = `ward remediator (${subscriptionId})`;
  if (!ctx.callerIsWard) {
    const who = ctx.input.wardPrincipalId ?? '<ward identity object id>';
    return ok(
      'ward-permissions',
      scope,
      `not checked: ARM's permissions API answers only for the signed-in identity, which is not ward's; infra/subscription.json assigns '${roleName}' to ward's identity at this subscription`,
      `az role assignment list --assignee ${who} --scope ${scope} --include-inherited --query "[].roleDefinitionName" -o tsv   # expect '${roleName}'`,
    );
  }
  const held = await callerPermissions(await ctx.deps.reader(subscriptionId), scope);
  const lacking = missing(held, wardRolePermissions().actions);
  return lacking.length === 0
    ? ok('ward-permissions', scope, `ward's identity holds every action of its role here`)
    : fix(
        'ward-permissions',
        scope,
        `ward's identity lacks ${list(lacking)}: the remediations that need them will fail with AuthorizationFailed`,
        `deploy infra/subscription.json to ${subscriptionId} (it assigns '${roleName}'), or redeploy it after npm run infra`,
      );
}

/** ward's data actions on a vault, when the caller is ward's identity. */
export async function wardVaultPermissionsCheck(
  ctx: CheckContext,
  reader: ArmReader,
  vaultId: string,
): Promise<PreflightCheck | undefined> {
  if (!ctx.callerIsWard) return undefined;
  const held = await callerPermissions(reader, vaultId);
  const lacking = missing(held, wardRolePermissions().dataActions, 'dataAction');
  return lacking.length === 0
    ? ok('vault-ward-permissions', vaultId, `ward's identity holds its secret data actions here`)
    : fix(
        'vault-ward-permissions',
        vaultId,
        `ward's identity lacks the data actions ${list(lacking)} on this vault`,
        `deploy infra/subscription.json to the vault's subscription (its role carries them), or assign the role at ${vaultId}`,
      );
}
