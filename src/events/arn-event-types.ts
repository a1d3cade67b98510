/**
 * Azure Resource Notifications events of the Resources system topic (topic type
 * `Microsoft.ResourceNotifications.Resources`). The @azure/eventgrid SDK does not model them
 * yet, so the names are spelt here from Microsoft's event schema page.
 */
export const ARN_EVENT_TYPES = [
  'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
  'Microsoft.ResourceNotifications.Resources.Deleted',
] as const;

export type ArnEventType = (typeof ARN_EVENT_TYPES)[number];

/** The system topic type an ARN event subscription is made on. */
export const ARN_TOPIC_TYPE = 'Microsoft.ResourceNotifications.Resources';

/** The permission Azure requires, besides Event Grid's own, to subscribe to the topic. */
export const ARN_SUBSCRIBE_PERMISSION =
  'Microsoft.ResourceNotifications/systemTopics/subscribeToResources/action';

export function isArnEventType(type: string): type is ArnEventType {
  return (ARN_EVENT_TYPES as readonly string[]).includes(type);
}
