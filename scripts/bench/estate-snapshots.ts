import type { Snapshot } from '../../src/domain';
import { parseSnapshotFile } from '../../src/engine/snapshot-file';
import { isReadableType } from '../../src/readers/arm-readers';
import type { Seed, SeedResource } from '../../src/simulator/seed/format';

const DIAGNOSTIC_SEGMENT = '/providers/microsoft.insights/diagnosticsettings/';
const BLOB_SERVICE_SUFFIX = '/blobservices/default';

function lower(value: string): string {
  return value.toLowerCase();
}

function publicIpIdsOf(nic: SeedResource): string[] {
  const configs = nic.properties?.ipConfigurations;
  if (!Array.isArray(configs)) return [];
  return configs.flatMap((config: unknown) => {
    if (typeof config !== 'object' || config === null) return [];
    const properties = (config as { properties?: { publicIPAddress?: { id?: unknown } } })
      .properties;
    const id = properties?.publicIPAddress?.id;
    return typeof id === 'string' ? [id] : [];
  });
}

/**
 * The snapshots ward's readers would build for a seeded estate, assembled offline (the same
 * related data the readers fetch: diagnostic settings, a storage account's blob-service
 * settings, a NIC's public IPs) and parsed through the `ward evaluate` snapshot-file parser.
 * Reading 10,000 resources through ARM would take minutes at ARM's read limit; evaluation is
 * measured on its own.
 */
export function snapshotsOfSeed(seed: Seed): Snapshot[] {
  const byId = new Map(seed.resources.map((r) => [lower(r.id), r]));
  const diagnostics = new Map<string, SeedResource[]>();
  for (const resource of seed.resources) {
    const at = lower(resource.id).indexOf(DIAGNOSTIC_SEGMENT);
    if (at < 0) continue;
    const parent = lower(resource.id).slice(0, at);
    diagnostics.set(parent, [...(diagnostics.get(parent) ?? []), resource]);
  }

  const entries: unknown[] = [];
  for (const resource of seed.resources) {
    if (!isReadableType(resource.type)) continue;
    const id = lower(resource.id);
    const related: Record<string, unknown> = {};
    if (lower(resource.type) === 'microsoft.storage/storageaccounts') {
      related.serviceDiagnosticSettings = {
        blobServices: diagnostics.get(id + BLOB_SERVICE_SUFFIX) ?? [],
      };
    } else if (lower(resource.type) === 'microsoft.network/networkinterfaces') {
      related.publicIpAddresses = publicIpIdsOf(resource).flatMap((ip) => {
        const found = byId.get(lower(ip));
        return found ? [found] : [];
      });
    } else {
      related.diagnosticSettings = diagnostics.get(id) ?? [];
    }
    entries.push({ resource, related });
  }

  const vaultUris = new Map<string, string>();
  for (const resource of seed.resources) {
    const uri = resource.properties?.vaultUri;
    if (lower(resource.type) === 'microsoft.keyvault/vaults' && typeof uri === 'string') {
      vaultUris.set(resource.name, uri);
    }
  }
  for (const secret of seed.secrets) {
    const uri = vaultUris.get(secret.vault);
    if (!uri) continue;
    entries.push({
      id: `${uri.replace(/\/+$/, '')}/secrets/${secret.name}/0123456789abcdef0123456789abcdef`,
      attributes: secret.attributes,
      ...(secret.tags ? { tags: secret.tags } : {}),
      ...(secret.contentType ? { contentType: secret.contentType } : {}),
    });
  }
  return parseSnapshotFile(entries);
}
