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
}
