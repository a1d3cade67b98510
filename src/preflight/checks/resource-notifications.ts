import type { CheckContext } from '../context';
import { fix, ok, subscriptionScope } from '../context';
import { missing } from '../permission-match';
import { ARN_SUBSCRIBE_PERMISSION, ARN_TOPIC_TYPE } from '../../events/arn-event-types';
import type { PreflightCheck } from '../types';
import { callerPermissions } from './permissions';
import { topicFor } from './topics';

/**
 * With `--events arn`: the subscription's Azure Resource Notifications topic (infra/
 * subscription.json with eventSource resourceNotifications or both creates `ward-arn-{id}`
 * when none exists) and the permission Azure requires to subscribe to it, which the deploying
 * identity needs and ward's role carries.
 */
export async function resourceNotificationsCheck(
  ctx: CheckContext,
  subscriptionId: string,
): Promise<PreflightCheck> {
  const scope = subscriptionScope(subscriptionId);
  const existing = topicFor(await ctx.systemTopics(subscriptionId), ARN_TOPIC_TYPE, scope);
  const held = await callerPermissions(await ctx.deps.reader(subscriptionId), scope);
  const wanted = [
    ARN_SUBSCRIBE_PERMISSION,
    ...(existing ? [] : ['Microsoft.EventGrid/systemTopics/write']),
  ];
  const lacking = missing(held, wanted);
  const topic = existing
    ? `system topic '${existing.name}' (${ARN_TOPIC_TYPE}) exists in resource group '${existing.resourceGroup}'`
    : `no ${ARN_TOPIC_TYPE} system topic: infra/subscription.json creates 'ward-arn-${subscriptionId}'`;
  return lacking.length === 0
    ? ok(
        'resource-notifications',
        scope,
        `${topic}; the signed-in identity may subscribe to it (${ARN_SUBSCRIBE_PERMISSION})`,
        'deploy infra/subscription.json with eventSource=resourceNotifications (or both)',
      )
    : fix(
        'resource-notifications',
        scope,
        `${topic}; the signed-in identity lacks ${lacking.join(', ')}: the ARN event subscription would fail with AuthorizationFailed`,
        `az role assignment create --assignee <your object id> --role Owner --scope ${scope}   # Owner or Contributor hold ${ARN_SUBSCRIBE_PERMISSION}`,
      );
}
