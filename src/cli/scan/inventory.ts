import { z } from 'zod';
import type { AzureClients } from '../../azure/clients';
import { AzureError } from '../../azure/errors';
import { parseResourceId } from '../../azure/resource-id';
import { SECRET_RESOURCE_TYPE } from '../../domain';
import { listArmSecrets } from '../../readers/arm-secrets';
import { kqlString, resourceGraphPages } from '../../readers/resource-graph-pages';

/** One thing to read and evaluate: an ARM resource id or a Key Vault secret identifier URL. */
export interface ScanTarget {
  id: string;
  type: string;
  tags?: Record<string, string>;
  /** For a secret: its vault's ARM id (scopes and exemptions are ARM scopes). */
  vaultId?: string;
}

const rowSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.looseObject({ vaultUri: z.string().optional() }).nullish(),
});

/**
 * The watched resources in the subscriptions, from Resource Graph page by page, plus the
 * secrets of every vault found when a rule judges secrets (their metadata only: ward never
 * reads a secret's value).
 */
export async function listScanTargets(
  clients: Pick<AzureClients, 'resourceGraph' | 'resources'>,
  subscriptions: readonly string[],
  resourceTypes: readonly string[],
): Promise<{ targets: ScanTarget[]; unlisted: { resourceId: string; message: string }[] }> {
  const wantsSecrets = resourceTypes.some(
    (type) => type.toLowerCase() === SECRET_RESOURCE_TYPE.toLowerCase(),
  );
  const armTypes = [
    ...new Set(
      resourceTypes
        .map((type) => type.toLowerCase())
        .filter((type) => type !== SECRET_RESOURCE_TYPE.toLowerCase()),
    ),
  ];
  if (wantsSecrets) armTypes.push('microsoft.keyvault/vaults');
  const query =
    `resources | where type in~ (${[...new Set(armTypes)].map(kqlString).join(', ')})` +
    ' | project id, type, tags, properties | order by id asc';
  const graph = await clients.resourceGraph();
  const targets: ScanTarget[] = [];
  const unlisted: { resourceId: string; message: string }[] = [];
  const vaults: { id: string; uri: string; tags?: Record<string, string> }[] = [];
  for await (const data of resourceGraphPages(graph, {
    query,
    subscriptions,
    failure: 'Resource Graph could not list resources',
  })) {
    const rows = z.array(rowSchema).safeParse(data);
    if (!rows.success) {
      throw new AzureError('read-failed', 'Resource Graph answered rows ward cannot read', {
        retryable: false,
      });
    }
    for (const row of rows.data) {
      const tags = row.tags ?? undefined;
      targets.push({ id: row.id, type: row.type, ...(tags ? { tags } : {}) });
      const uri = row.properties?.vaultUri;
      if (wantsSecrets && row.type.toLowerCase() === 'microsoft.keyvault/vaults' && uri) {
        vaults.push({ id: row.id, uri, ...(tags ? { tags } : {}) });
      }
    }
  }

  for (const vault of vaults) {
    const base = vault.uri.replace(/\/+$/, '');
    const names: string[] = [];
    try {
      // Through ARM: the control plane answers for vaults whose firewall refuses this network.
      const client = await clients.resources(parseResourceId(vault.id).subscriptionId);
      for (const secret of await listArmSecrets(client, vault.id)) names.push(secret.name);
    } catch (cause) {
      // A vault this identity may not list must not stop the whole scan.
      unlisted.push({
        resourceId: vault.id,
        message: `its secrets could not be listed: ${cause instanceof Error ? cause.message : String(cause)}`,
      });
      continue;
    }
    for (const name of names.sort()) {
      targets.push({
        id: `${base}/secrets/${name}`,
        type: SECRET_RESOURCE_TYPE,
        vaultId: vault.id,
      });
    }
  }
  return { targets, unlisted };
}
