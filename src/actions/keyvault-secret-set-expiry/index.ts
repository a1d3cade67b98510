import { SECRET_RESOURCE_TYPE } from '../../domain';
import { parseSecretId } from '../../readers/secret-reader';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPlan, RemediationAction } from '../types';
import { checkBasis, stringParameter } from '../common/plan-basis';
import { firewallRefusal } from '../common/firewall-refusal';

const EXP = 'attributes.exp';
const DAY_SECONDS = 86_400;

function secretVersionOf(plan: ActionPlan): { vaultUrl: string; name: string; version: string } {
  const vaultUrl = stringParameter(plan, 'vaultUrl');
  const name = stringParameter(plan, 'name');
  const version = stringParameter(plan, 'version');
  if (!vaultUrl || !name || !version) {
    throw new ActionError(
      'invalid-plan',
      'The plan names no secret version (vaultUrl, name, version).',
    );
  }
  return { vaultUrl, name, version };
}

async function setExpiry(deps: ActionDeps, plan: ActionPlan, exp: number | null): Promise<void> {
  const { vaultUrl, name, version } = secretVersionOf(plan);
  const client = await deps.clients.secrets(vaultUrl);
  // The SDK types expiresOn as a Date; its serializer passes null through as `exp: null`, which
  // is how the data plane clears an expiry. Only attributes are sent: never the value.
  const cleared: unknown = null;
  const expiresOn = exp === null ? (cleared as Date) : new Date(exp * 1000);
  try {
    await client.updateSecretProperties(name, version, { expiresOn });
  } catch (cause) {
    const refusal = firewallRefusal(cause);
    if (refusal === undefined) throw cause;
    throw new ActionError(
      'network-refused',
      `the vault refuses ward's network; add ward's subnet or a private endpoint (Key Vault: ${refusal})`,
      { statusCode: 403, cause },
    );
  }
}

/**
 * Sets an expiry on a secret's current version through the data plane: metadata only, the
 * value is never read. The expiry is the evaluation time plus `secrets.expiryDays`. The reads
 * around it go through ARM; the write cannot (ARM's secret PATCH is for deployments and may
 * replace the value), so a vault whose firewall refuses ward answers `network-refused`.
 */
export const keyvaultSecretSetExpiry: RemediationAction<ActionDeps> = {
  id: 'keyvault-secret-set-expiry',
  resourceTypes: [SECRET_RESOURCE_TYPE],
  permissions: {
    // Precondition and verify re-read through ARM; only the write goes to the data plane.
    actions: ['Microsoft.KeyVault/vaults/secrets/read'],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/update/action'],
  },
  reversible: true,
  revertSummary: 'Clears the expiry again (or restores the one it had).',
  plan(snapshot, context) {
    if (snapshot.subject.kind !== 'secret') {
      return { ok: false, reason: 'keyvault-secret-set-expiry applies to Key Vault secrets only.' };
    }
    const secret = snapshot.subject.secret;
    if (secret.managed === true) {
      return {
        ok: false,
        reason:
          'The secret backs a certificate (managed): its lifetime follows the certificate, so rotate or renew the certificate instead.',
      };
    }
    const before = secret.attributes.exp;
    if (before !== undefined) return { ok: false, reason: 'The secret already has an expiry.' };
    let id;
    try {
      id = parseSecretId(secret.id);
    } catch (cause) {
      return { ok: false, reason: cause instanceof Error ? cause.message : String(cause) };
    }
    if (!id.version) {
      return { ok: false, reason: `The read names no current version (${secret.id}).` };
    }
    const days = context.policy.secrets.expiryDays;
    const after = Math.floor(context.evaluation.now.getTime() / 1000) + days * DAY_SECONDS;
    return {
      ok: true,
      plan: {
        actionId: 'keyvault-secret-set-expiry',
        resourceId: snapshot.resourceId,
        resourceType: snapshot.resourceType,
        summary: `Set the secret's expiry to ${new Date(after * 1000).toISOString()} (${String(days)} days)`,
        changes: [{ path: EXP, before, after }],
        parameters: { vaultUrl: id.vaultUrl, name: id.name, version: id.version },
      },
    };
  },
  precondition(plan, current) {
    if (current.subject.kind !== 'secret') return { ok: false, reason: 'the read is not a secret' };
    const { version } = secretVersionOf(plan);
    const currentVersion = parseSecretId(current.subject.secret.id).version;
    if (currentVersion?.toLowerCase() !== version.toLowerCase()) {
      return {
        ok: false,
        reason: `the current version is ${currentVersion ?? '(none)'}, the plan was made for ${version}`,
      };
    }
    return checkBasis(plan, current);
  },
  async apply(plan, deps) {
    const change = plan.changes.find((c) => c.path === EXP);
    if (typeof change?.after !== 'number') {
      throw new ActionError('invalid-plan', `The plan gives no ${EXP} to set.`);
    }
    await setExpiry(deps, plan, change.after);
    return {};
  },
  async revert(plan, _applied, deps) {
    const before = plan.changes.find((c) => c.path === EXP)?.before;
    await setExpiry(deps, plan, typeof before === 'number' ? before : null);
  },
};
