import type { ArmResource, KeyVaultSecret } from './resource';

/** A diagnostic setting (Microsoft.Insights/diagnosticSettings) as ARM returns it. */
export interface DiagnosticSetting {
  id?: string | null;
  name?: string | null;
  properties?: {
    workspaceId?: string | null;
    storageAccountId?: string | null;
    eventHubAuthorizationRuleId?: string | null;
    logs?:
      | {
          category?: string | null;
          categoryGroup?: string | null;
          enabled?: boolean | null;
          [key: string]: unknown;
        }[]
      | null;
    metrics?:
      { category?: string | null; enabled?: boolean | null; [key: string]: unknown }[] | null;
    [key: string]: unknown;
  } | null;
  [key: string]: unknown;
}

/**
 * Data read beside the resource. A key that is absent means "not read": a rule that needs it
 * answers `skip`. An empty array means "read, and there is none".
 */
export interface RelatedData {
  diagnosticSettings?: DiagnosticSetting[];
  /**
   * Storage accounts keep their logs on the service sub-resources; keyed by service
   * (`blobServices`, `fileServices`, `queueServices`, `tableServices`).
   */
  serviceDiagnosticSettings?: Partial<Record<StorageService, DiagnosticSetting[]>>;
  /** Private endpoint connections listed through their own API, when the body lacks them. */
  privateEndpointConnections?: Record<string, unknown>[];
  /** Public IP resources referenced by a NIC's ip configurations. */
  publicIpAddresses?: ArmResource[];
  [key: string]: unknown;
}

export type StorageService = 'blobServices' | 'fileServices' | 'queueServices' | 'tableServices';

export type SnapshotSubject =
  { kind: 'arm'; resource: ArmResource } | { kind: 'secret'; secret: KeyVaultSecret };

/** What a rule judges: the state of one resource at one read. */
export interface Snapshot {
  /** ARM resource id, or a secret's identifier URL. */
  resourceId: string;
  /** ARM resource type as the provider spells it; matched case-insensitively. */
  resourceType: string;
  subject: SnapshotSubject;
  related: RelatedData;
  /** The provider's etag when it gives one (network, Cognitive Services). */
  etag?: string;
  /** The api-version the body was read at. */
  apiVersion?: string;
  /** ISO time of the read. */
  readAt?: string;
  /** Set when the body came with the signal instead of an ARM read (related data may be read). */
  judgedFrom?: 'resource-notifications' | 'resource-graph' | 'arm-list';
}
