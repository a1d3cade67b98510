import type { Snapshot } from '../domain';
import type { AzureClients } from '../azure/clients';

/** Related data that could not be read: its key is absent, so rules needing it answer skip. */
export interface ReadWarning {
  /** The RelatedData key left out (`diagnosticSettings`, `serviceDiagnosticSettings.blobServices`, ...). */
  key: string;
  message: string;
}

export type ReadResult =
  | { kind: 'snapshot'; snapshot: Snapshot; warnings: ReadWarning[] }
  /** The resource no longer exists (404): a deleted resource is not an error. */
  | { kind: 'gone'; resourceId: string };

/** Finds a vault's ARM id from its data-plane URL (secrets are read through ARM). */
export interface VaultLocator {
  /** The vault's ARM id, or undefined when no watched subscription holds a vault at this URL. */
  resolve(vaultUrl: string): Promise<string | undefined>;
}

export interface ReaderDeps {
  clients: Pick<AzureClients, 'resources'>;
  /** Where a secret's vault is in ARM; without it (or without an answer) a secret is not read. */
  vaults?: VaultLocator;
  /** Clock for `readAt`; defaults to the system clock. */
  now?: () => Date;
}
