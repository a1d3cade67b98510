import { describe, expect, it } from 'vitest';
import { deriveInfra } from '../../scripts/infra/derive';
import { ARN_SUBSCRIBE_PERMISSION } from '../../src/events/arn-event-types';
import { isReadableType } from '../../src/readers/arm-readers';
import { createRegistry } from '../../src/rules/registry';
import {
  EVENT_SUBSCRIPTIONS,
  SUBSCRIPTION,
  TOPICS,
  deploySubscription,
  ofType,
} from './deployments';

const ROLES = 'Microsoft.Authorization/roleDefinitions';

function topicTypes(deployed: ReturnType<typeof deploySubscription>): string[] {
  return ofType(deployed, TOPICS).map((topic) =>
    String((topic.properties as { topicType?: unknown } | undefined)?.topicType),
  );
}

function roleActions(deployed: ReturnType<typeof deploySubscription>): string[] {
  const [role] = ofType(deployed, ROLES);
  const permissions = (role?.properties as { permissions?: { actions?: string[] }[] } | undefined)
    ?.permissions;
  return permissions?.[0]?.actions ?? [];
}

describe('subscription.json: Azure Resource Notifications', () => {
  const derived = deriveInfra().subscription;

  it('by default subscribes through the subscription topic only, without the ARN permission', () => {
    const deployed = deploySubscription();
    expect(topicTypes(deployed)).toEqual(['Microsoft.Resources.Subscriptions']);
    expect(roleActions(deployed)).not.toContain(ARN_SUBSCRIBE_PERMISSION);
  });

  it('with resourceNotifications subscribes through an ARN system topic instead, filtered by resource type', () => {
    const deployed = deploySubscription({ eventSource: 'resourceNotifications' });
    const topics = ofType(deployed, TOPICS);
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({
      name: `ward-arn-${SUBSCRIPTION}`,
      location: 'global',
      properties: {
        source: `/subscriptions/${SUBSCRIPTION}`,
        topicType: 'Microsoft.ResourceNotifications.Resources',
      },
    });
    const subscriptions = ofType(deployed, EVENT_SUBSCRIPTIONS);
    expect(subscriptions.map((s) => s.name)).toEqual(
      derived.arnResourceTypeFilterValues.map(
        (_, i) => `ward-arn-${SUBSCRIPTION}/ward-resource-notifications-${i}`,
      ),
    );
    const filter = (subscriptions[0]?.properties as { filter: Record<string, unknown> }).filter;
    expect(filter.includedEventTypes).toEqual([
      'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
      'Microsoft.ResourceNotifications.Resources.Deleted',
    ]);
    expect(filter.advancedFilters).toEqual([
      {
        operatorType: 'StringIn',
        key: 'data.resourceInfo.type',
        values: derived.arnResourceTypeFilterValues[0],
      },
    ]);
    expect(roleActions(deployed)).toContain(ARN_SUBSCRIBE_PERMISSION);
  });

  it('with both keeps the subscription topic beside the ARN topic', () => {
    const deployed = deploySubscription({ eventSource: 'both' });
    expect(topicTypes(deployed).sort()).toEqual([
      'Microsoft.ResourceNotifications.Resources',
      'Microsoft.Resources.Subscriptions',
    ]);
    expect(ofType(deployed, EVENT_SUBSCRIPTIONS).length).toBe(
      derived.operationNameFilterValues.length + derived.arnResourceTypeFilterValues.length,
    );
  });

  it('filters on every ARM type a rule judges that ward reads, and nothing else', () => {
    const expected = new Set(
      createRegistry()
        .rules.flatMap((rule) => rule.metadata.resourceTypes)
        .filter(isReadableType)
        .map((type) => type.toLowerCase()),
    );
    const values = derived.arnResourceTypeFilterValues.flat().map((v) => v.toLowerCase());
    expect(new Set(values)).toEqual(expected);
    expect(values).toHaveLength(expected.size);
  });
});
