import type { AzureClients } from '../azure/clients';

/** What actions need to change Azure: the SDK clients, a clock and a way to wait. */
export interface ActionDeps {
  clients: AzureClients;
  now(): Date;
  /** Waits between polls of a long-running operation; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
}
