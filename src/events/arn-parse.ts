import type { ArmResource, ChangeSignal } from '../domain';
import type { ArnEventType } from './arn-event-types';
import { arnEventDataSchema } from './arn-schemas';
import { EventParseError } from './errors';
import { judgedResourceId } from './judged-resource';
import type { EventEnvelope } from './schemas';

/** "data.resourceInfo.id: not an ARM resource id; ..." */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/** The operation name the subscription topic would have sent for the same change. */
function operationName(type: ArnEventType, resourceType: string): string {
  return type.endsWith('.Deleted') ? `${resourceType}/delete` : `${resourceType}/write`;
}

/**
 * An Azure Resource Notifications event (either schema) as a ChangeSignal. Its time is the
 * resource's `resourceEventTime` (the state the payload shows), so ordering and coalescing go
 * by the change, not by the delivery. A CreatedOrUpdated event carries the resource body; a
 * Deleted event ends the resource's open work. ARN events name no caller: ward's own writes
 * come back as payloads that pass.
 */
export function arnSignal(envelope: EventEnvelope, type: ArnEventType): ChangeSignal {
  const parsed = arnEventDataSchema.safeParse(envelope.data);
  if (!parsed.success) {
    throw new EventParseError('malformed', describeIssues(parsed.error.issues), envelope.id);
  }
  const { resourceInfo, apiVersion, operationalInfo } = parsed.data;
  const resourceId = judgedResourceId(resourceInfo.id);
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(resourceInfo.id)?.[1];
  const stateTime = new Date(operationalInfo.resourceEventTime).toISOString();
  const signal: ChangeSignal = {
    eventId: envelope.id,
    eventType: type,
    source: 'eventgrid',
    resourceId,
    eventTime: stateTime,
    operationName: operationName(type, resourceInfo.type),
    ...(subscriptionId ? { subscriptionId } : {}),
  };
  if (type === 'Microsoft.ResourceNotifications.Resources.Deleted') {
    // A deleted child (a diagnostic setting, a connection) changes its parent: judge the parent.
    if (resourceId.toLowerCase() === resourceInfo.id.toLowerCase()) signal.deleted = true;
    return signal;
  }
  // The payload is the judged resource's own body only when the event is about that resource.
  if (resourceInfo.properties && resourceId.toLowerCase() === resourceInfo.id.toLowerCase()) {
    const resource: ArmResource = { ...resourceInfo, properties: resourceInfo.properties };
    signal.payload = {
      origin: 'resource-notifications',
      resource,
      stateTime,
      ...(apiVersion ? { apiVersion } : {}),
    };
  }
  return signal;
}
