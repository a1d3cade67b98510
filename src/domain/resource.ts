/**
 * An ARM resource body as a GET returns it. Only the envelope is typed: rules read
 * `properties` through path helpers because shapes differ per api-version.
 */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  kind?: string;
  etag?: string;
  tags?: Record<string, string>;
  identity?: Record<string, unknown> | null;
  sku?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Key Vault secret attributes as the data plane returns them: times are Unix seconds. */
export interface SecretAttributes {
  enabled?: boolean;
  nbf?: number;
  exp?: number;
  created?: number;
  updated?: number;
  recoveryLevel?: string;
  recoverableDays?: number;
}

/** A Key Vault secret's properties as the data plane returns them (never its value). */
export interface KeyVaultSecret {
  /** `https://{vault}.vault.azure.net/secrets/{name}[/{version}]` */
  id: string;
  attributes: SecretAttributes;
  tags?: Record<string, string>;
  contentType?: string;
  managed?: boolean;
  kid?: string;
}

/** The pseudo resource type ward gives data-plane secrets (ARM names its own view the same). */
export const SECRET_RESOURCE_TYPE = 'Microsoft.KeyVault/vaults/secrets';
