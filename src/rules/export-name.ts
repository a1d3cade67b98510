/**
 * `ml-compute-no-public-ip` → `mlComputeNoPublicIp`; `storage-min-tls-1-2` → `storageMinTls12`.
 * Rule and action folders both export under this name, and their registries check it.
 */
export function exportNameFor(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}
