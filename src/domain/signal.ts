import type { ArmResource } from './resource';

/** Who made a change, from the event's `claims` (ward recognises its own writes by this). */
export interface Principal {
  objectId?: string;
  appId?: string;
  name?: string;
  upn?: string;
}

export type SignalSource = 'eventgrid' | 'keyvault' | 'sweep' | 'cli';

/** A validated pointer to a resource that may have changed: never the state that is judged. */
export interface ChangeSignal {
  /** Event id (Event Grid `id`, CloudEvents `id`) or a synthetic sweep id. */
  eventId: string;
  eventType: string;
  source: SignalSource;
  /** ARM resource id, or a secret identifier URL for Key Vault secret events. */
  resourceId: string;
  subscriptionId?: string;
  /** ISO time the change happened (event time). */
  eventTime: string;
  operationName?: string;
  principal?: Principal;
  correlationId?: string;
  /** Key Vault secret events name the vault and secret. */
  secret?: { vaultName: string; name: string; version?: string };
  /**
   * The resource's state as the event carried it (Azure Resource Notifications), a Resource Graph
   * row, or an ARM list the sweep read (a vault's secrets).
   */
  payload?: ResourcePayload;
  /** The event says the resource was deleted: there is nothing to read. */
  deleted?: boolean;
}

/**
 * A resource body ward did not read itself. It is judged only when it holds everything the
 * rules read (see src/readers/payload-coverage.ts); a write always re-reads first.
 */
export interface ResourcePayload {
  /** `arm-list`: ARM's own body at the pinned api-version, from a list rather than a GET. */
  origin: 'resource-notifications' | 'resource-graph' | 'arm-list';
  resource: ArmResource;
  /** The api-version the properties are written at; Resource Graph rows do not say. */
  apiVersion?: string;
  /** ISO time of the state the payload shows (ARN `resourceEventTime`). */
  stateTime?: string;
}
