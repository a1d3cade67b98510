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

export interface ReaderDeps {
  clients: Pick<AzureClients, 'resources' | 'secrets'>;
  /** Clock for `readAt`; defaults to the system clock. */
  now?: () => Date;
}
