import { z } from 'zod';
import { unreadable } from '../arm-read';
import type { CheckContext } from '../context';
import { fix, ok, subscriptionScope } from '../context';
import type { PreflightCheck } from '../types';

/** The Resources API version the providers are read at (arm-resources' own). */
const PROVIDERS_API_VERSION = '2025-04-01';

const providerSchema = z.looseObject({ namespace: z.string(), registrationState: z.string() });

/**
 * Event Grid must be registered for the system topics and event subscriptions the templates
 * create; Azure Resource Notifications too when ward is driven by its events.
 */
export async function providerChecks(
  ctx: CheckContext,
  subscriptionId: string,
): Promise<PreflightCheck[]> {
  const reader = await ctx.deps.reader(subscriptionId);
  const namespaces = ['Microsoft.EventGrid'];
  if (ctx.input.events === 'arn') namespaces.push('Microsoft.ResourceNotifications');
  const checks: PreflightCheck[] = [];
  for (const namespace of namespaces) {
    const path = `${subscriptionScope(subscriptionId)}/providers/${namespace}`;
    const result = await reader.get(path, PROVIDERS_API_VERSION);
    if (result.status !== 200)
      throw unreadable(`provider ${namespace} of ${subscriptionId}`, result);
    const provider = providerSchema.parse(result.body);
    const id = `provider-${namespace.split('.')[1]?.toLowerCase() ?? namespace}`;
    checks.push(
      provider.registrationState === 'Registered'
        ? ok(id, subscriptionScope(subscriptionId), `${namespace} is registered`)
        : fix(
            id,
            subscriptionScope(subscriptionId),
            `${namespace} is ${provider.registrationState}: the templates cannot create its resources`,
            `az provider register --namespace ${namespace} --subscription ${subscriptionId} --wait`,
          ),
    );
  }
  return checks;
}
