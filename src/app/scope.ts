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
  signal: ChangeSignal,
): Promise<ResourceScope> {
  if (snapshot.subject.kind === 'arm') {
    const subscriptionId = subscriptionOf(snapshot.resourceId) ?? signal.subscriptionId;
    return { scopeId: snapshot.resourceId, ...(subscriptionId ? { subscriptionId } : {}) };
  }
  let vaultId: string | undefined;
  try {
    vaultId = await ctx.vaults.resolve(parseSecretId(snapshot.resourceId).vaultUrl);
  } catch (error) {
    ctx.logger.warn(
      { resourceId: snapshot.resourceId, error: errorText(error) },
      "the secret's vault could not be resolved to an ARM id",
    );
  }
  const subscriptionId = (vaultId ? subscriptionOf(vaultId) : undefined) ?? signal.subscriptionId;
  return {
    ...(vaultId ? { scopeId: vaultId } : {}),
    ...(subscriptionId ? { subscriptionId } : {}),
  };
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
