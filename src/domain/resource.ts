/**
 * An ARM resource body as a GET returns it. Only the envelope is typed: rules read
 * `properties` through path helpers because shapes differ per api-version. Providers leave
 * optional members out or send them as null (an ML workspace answers `"etag": null`): both mean
 * "not set", and every reader of these fields treats them alike.
 */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string | null;
  kind?: string | null;
  etag?: string | null;
  tags?: Record<string, string> | null;
  identity?: Record<string, unknown> | null;
  sku?: Record<string, unknown> | null;
  properties?: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** Key Vault secret attributes as the data plane returns them: times are Unix seconds. */
export interface SecretAttributes {
  enabled?: boolean | null;
  nbf?: number | null;
  exp?: number | null;
  created?: number | null;
  updated?: number | null;
  recoveryLevel?: string | null;
  recoverableDays?: number | null;
  [key: string]: unknown;
}

/** A Key Vault secret's properties as the data plane returns them (never its value). */
export interface KeyVaultSecret {
  /** `https://{vault}.vault.azure.net/secrets/{name}[/{version}]` */
  id: string;
  attributes: SecretAttributes;
  tags?: Record<string, string> | null;
  contentType?: string | null;
  managed?: boolean | null;
  kid?: string | null;
  [key: string]: unknown;
}

/** The pseudo resource type ward gives data-plane secrets (ARM names its own view the same). */
export const SECRET_RESOURCE_TYPE = 'Microsoft.KeyVault/vaults/secrets';
