import type { ArmBody } from '../state';
import type { EventGridEvent } from './event';

/**
 * The api-version Azure Resource Notifications writes each type's properties at (lower-case
 * type), and the properties the simulator's bodies hold that are newer than it, which the
 * payload therefore lacks. Microsoft's sample storage event is at 2019-06-01; the other types
 * are placed at older stable versions than ward pins, so readers meet payloads that lack
 * properties (an ML workspace's managedNetwork arrived in 2023-10-01).
 */
export const ARN_PAYLOAD_VERSIONS: Readonly<
  Record<string, { apiVersion: string; newer: readonly string[] }>
> = {
  'microsoft.storage/storageaccounts': {
    apiVersion: '2019-06-01',
    newer: [
      'publicNetworkAccess',
      'allowCrossTenantReplication',
      'defaultToOAuthAuthentication',
      'dnsEndpointType',
      'isSkuConversionBlocked',
      'accountMigrationInProgress',
      'geoPriorityReplicationStatus',
    ],
  },
  'microsoft.keyvault/vaults': { apiVersion: '2022-07-01', newer: [] },
  'microsoft.cognitiveservices/accounts': { apiVersion: '2023-05-01', newer: [] },
  'microsoft.machinelearningservices/workspaces': {
    apiVersion: '2023-04-01',
    newer: ['managedNetwork', 'serverlessComputeSettings', 'systemDatastoresAuthMode'],
  },
  'microsoft.machinelearningservices/workspaces/computes': {
    apiVersion: '2024-04-01',
    newer: [],
  },
  'microsoft.machinelearningservices/workspaces/onlineendpoints': {
    apiVersion: '2024-04-01',
    newer: [],
  },
  'microsoft.network/networkinterfaces': { apiVersion: '2023-09-01', newer: [] },
  'microsoft.network/publicipaddresses': { apiVersion: '2023-09-01', newer: [] },
};

/** ARN writes booleans as 1 and 0, at any depth (Microsoft's sample: `"enabled": 1`). */
function booleansAsNumbers(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return value.map(booleansAsNumbers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, booleansAsNumbers(inner)]),
    );
  }
  return value;
}

export interface ResourceNotificationInput {
  id: string;
  kind: 'created-or-updated' | 'deleted';
  /** The body after the change (for CreatedOrUpdated), as the provider stores it. */
  body: ArmBody;
  eventTime: Date;
}

/** Whether Azure Resource Notifications cover a type here (those with a payload version). */
export function notifiesType(type: string): boolean {
  return type.toLowerCase() in ARN_PAYLOAD_VERSIONS;
}

/**
 * A `Microsoft.ResourceNotifications.Resources.CreatedOrUpdated` / `Deleted` event in the Event
 * Grid schema, shaped as Microsoft's samples: the payload holds id, name, type, location, tags
 * and properties at the type's ARN api-version, booleans as 1/0; a Deleted event only id, name
 * and type. Like Azure, the event names no caller.
 */
export function resourceNotification(input: ResourceNotificationInput): EventGridEvent {
  const { body } = input;
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(body.id)?.[1] ?? '';
  const time = input.eventTime.toISOString();
  const version = ARN_PAYLOAD_VERSIONS[body.type.toLowerCase()];
  let data: Record<string, unknown>;
  if (input.kind === 'deleted') {
    data = {
      resourceInfo: { id: body.id, name: body.name, type: body.type },
      operationalInfo: { resourceEventTime: time },
    };
  } else {
    const newer = new Set(version?.newer ?? []);
    const properties = Object.fromEntries(
      Object.entries(body.properties ?? {}).filter(([key]) => !newer.has(key)),
    );
    data = {
      resourceInfo: {
        tags: body.tags ?? {},
        id: body.id,
        name: body.name,
        type: body.type,
        location: body.location ?? '',
        properties: booleansAsNumbers(properties),
      },
      apiVersion: version?.apiVersion ?? '',
      operationalInfo: { resourceEventTime: time },
    };
  }
  return {
    id: input.id,
    topic: `/subscriptions/${subscriptionId}`,
    subject: body.id,
    eventType:
      input.kind === 'deleted'
        ? 'Microsoft.ResourceNotifications.Resources.Deleted'
        : 'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated',
    eventTime: time,
    data,
    dataVersion: '1',
    metadataVersion: '1',
  };
}
