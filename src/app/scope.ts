import { parseResourceId } from '../azure/resource-id';
import type { ChangeSignal, Snapshot } from '../domain';
import { parseSecretId } from '../readers';
import type { WardContext } from './context';
import { errorText } from './errors';

/** The ARM scope a finding is judged in (modes, exemptions, protected scopes, the budget). */
export interface ResourceScope {
  /** An ARM id; undefined for a secret whose vault could not be found. */
  scopeId?: string;
  subscriptionId?: string;
}

function subscriptionOf(armId: string): string | undefined {
  try {
    return parseResourceId(armId).subscriptionId;
  } catch {
    return undefined;
  }
}

/** A secret is judged in its vault's scope; an ARM resource in its own. */
export async function scopeOf(
  ctx: WardContext,
  snapshot: Snapshot,
  signal: Pick<ChangeSignal, 'subscriptionId'>,
): Promise<ResourceScope> {
  if (snapshot.subject.kind === 'arm') {
    const subscriptionId = subscriptionOf(snapshot.resourceId) ?? signal.subscriptionId;
    return { scopeId: snapshot.resourceId, ...(subscriptionId ? { subscriptionId } : {}) };
  }
  const { vaultUrl, name } = parseSecretId(snapshot.resourceId);
  let vaultId: string | undefined;
  try {
    vaultId = await ctx.vaults.resolve(vaultUrl);
  } catch (error) {
    ctx.logger.warn(
      { resourceId: snapshot.resourceId, error: errorText(error) },
      "the secret's vault could not be resolved to an ARM id",
    );
  }
  const subscriptionId = (vaultId ? subscriptionOf(vaultId) : undefined) ?? signal.subscriptionId;
  return {
    // ARM names a secret `{vault id}/secrets/{name}`: vault, group and subscription scopes cover it.
    ...(vaultId ? { scopeId: `${vaultId}/secrets/${name}` } : {}),
    ...(subscriptionId ? { subscriptionId } : {}),
  };
}

/** The ARM id an exemption for `resourceId` is recorded at (a secret's, for a secret URL). */
export async function exemptionScopeOf(ctx: WardContext, resourceId: string): Promise<string> {
  if (!/^https:\/\//i.test(resourceId)) return resourceId;
  const { vaultUrl, name } = parseSecretId(resourceId);
  const vaultId = await ctx.vaults.resolve(vaultUrl);
  if (vaultId === undefined) {
    throw new Error(`the vault of ${resourceId} is not in a watched subscription`);
  }
  return `${vaultId}/secrets/${name}`;
}

/** Watermarks key a secret by its versionless id, as its snapshot does. */
export function watermarkKey(resourceId: string): string {
  if (!/^https:\/\//i.test(resourceId)) return resourceId;
  try {
    const { vaultUrl, name } = parseSecretId(resourceId);
    return `${vaultUrl}/secrets/${name}`;
  } catch {
    return resourceId;
  }
}
