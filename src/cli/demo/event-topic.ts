import { isArnEventType } from '../../events/arn-event-types';
import { isKeyVaultSecretEventType, isResourceEventType } from '../../events/event-types';

/**
 * Which system topic drives the demo's resource changes: the subscription topic's
 * ResourceWriteSuccess (no body: ward reads every change) or Azure Resource Notifications'
 * CreatedOrUpdated / Deleted (with the resource's payload). Key Vault secret events come from
 * the vaults' own topics either way.
 */
export const DEMO_EVENT_TOPICS = ['subscription', 'arn'] as const;
export type DemoEventTopic = (typeof DEMO_EVENT_TOPICS)[number];

/** The event subscription's filter for a topic, as Event Grid would apply it. */
export function demoEventFilter(topic: DemoEventTopic): (event: { eventType: string }) => boolean {
  const resource = topic === 'arn' ? isArnEventType : isResourceEventType;
  return (event) => resource(event.eventType) || isKeyVaultSecretEventType(event.eventType);
}
