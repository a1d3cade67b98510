import type { CheckContext, PreflightDeps, PreflightInput, SystemTopic } from './context';
import { deployPermissionsCheck, wardPermissionsCheck } from './checks/permissions';
import { providerChecks } from './checks/providers';
import { resourceNotificationsCheck } from './checks/resource-notifications';
import { listSystemTopics, subscriptionTopicCheck } from './checks/topics';
import { vaultChecks } from './checks/vault';
import { workspaceChecks } from './checks/workspace';
import { PreflightReadError } from './types';
import type { PreflightCheck } from './types';

export interface PreflightResult {
  checks: PreflightCheck[];
  /** What could not be read, one sentence each (exit code 2). */
  unreadable: string[];
}

/**
 * Read-only checks before deploying ward: per subscription (providers, its system topic, the
 * deploying identity's and ward's permissions), per vault (topic and region, network, access
 * model, permissions) and the diagnostics workspace. A read that fails stops that target's
 * checks and is reported; the other targets are still checked. Anything else (a credential
 * that cannot sign in) throws.
 */
export async function runPreflight(
  input: PreflightInput,
  deps: PreflightDeps,
): Promise<PreflightResult> {
  const topics = new Map<string, Promise<SystemTopic[]>>();
  const ctx: CheckContext = {
    input,
    deps,
    callerIsWard:
      input.callerObjectId !== undefined &&
      input.wardPrincipalId?.toLowerCase() === input.callerObjectId.toLowerCase(),
    systemTopics(subscriptionId) {
      const key = subscriptionId.toLowerCase();
      let list = topics.get(key);
      if (!list) {
        list = deps.reader(subscriptionId).then((r) => listSystemTopics(r, subscriptionId));
        topics.set(key, list);
      }
      return list;
    },
  };
  const checks: PreflightCheck[] = [];
  const unreadable: string[] = [];
  const attempt = async (run: () => Promise<PreflightCheck[]>): Promise<void> => {
    try {
      checks.push(...(await run()));
    } catch (cause) {
      if (!(cause instanceof PreflightReadError)) throw cause;
      unreadable.push(cause.message);
    }
  };
  for (const subscriptionId of input.subscriptions) {
    await attempt(async () => {
      const found = await providerChecks(ctx, subscriptionId);
      const topic = await subscriptionTopicCheck(ctx, subscriptionId);
      return [
        ...found,
        topic.check,
        await deployPermissionsCheck(ctx, subscriptionId, topic.existing === undefined),
        await wardPermissionsCheck(ctx, subscriptionId),
        ...(input.events === 'arn' ? [await resourceNotificationsCheck(ctx, subscriptionId)] : []),
      ];
    });
  }
  for (const vaultId of input.vaultIds) await attempt(() => vaultChecks(ctx, vaultId));
  await attempt(() => workspaceChecks(ctx));
  return { checks, unreadable };
}
