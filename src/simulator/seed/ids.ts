import { createHash } from 'node:crypto';

/**
 * A GUID derived from names, so a seed built twice from the same inputs is identical
 * (RFC 4122 version-5 layout over SHA-1, without a registered namespace).
 */
export function deterministicUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(18, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** A 32-hex-digit id derived from names, shaped like a Key Vault object version. */
export function deterministicHex32(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Builds the resource ids the seeds use. */
export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function providerId(
  subscriptionId: string,
  resourceGroup: string,
  provider: string,
  ...segments: string[]
): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${provider}/${segments.join('/')}`;
}
