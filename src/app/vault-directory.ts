import type { AzureClients } from '../azure/clients';
import { AzureError } from '../azure/errors';

/**
 * Maps a vault's data-plane URL to its ARM id: scopes, exemptions and the budget are ARM
 * scopes, while a secret event names only its URL. Learned from the sweep, else asked of
 * Resource Graph once per vault.
 */
export interface VaultDirectory {
  remember(vaultUrl: string, armId: string): void;
  /** The vault's ARM id, or undefined when no watched subscription holds a vault at this URL. */
  resolve(vaultUrl: string): Promise<string | undefined>;
}

function key(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}

function vaultUriOf(properties: unknown): string | undefined {
  if (properties === null || typeof properties !== 'object') return undefined;
  const uri = (properties as { vaultUri?: unknown }).vaultUri;
  return typeof uri === 'string' ? uri : undefined;
}

export function createVaultDirectory(
  clients: Pick<AzureClients, 'resourceGraph'>,
  subscriptions: readonly string[],
): VaultDirectory {
  const known = new Map<string, string>();
  return {
    remember(vaultUrl, armId) {
      known.set(key(vaultUrl), armId);
    },
    async resolve(vaultUrl) {
      const found = known.get(key(vaultUrl));
      if (found !== undefined || subscriptions.length === 0) return found;
      const graph = await clients.resourceGraph();
      let skipToken: string | undefined;
      do {
        let page;
        try {
          page = await graph.resources({
            query: "resources | where type =~ 'microsoft.keyvault/vaults' | project id, properties",
            subscriptions: [...subscriptions],
            options: { resultFormat: 'objectArray', ...(skipToken ? { skipToken } : {}) },
          });
        } catch (cause) {
          throw new AzureError(
            'read-failed',
            `Resource Graph could not list vaults: ${String(cause)}`,
            {
              retryable: true,
              cause,
            },
          );
        }
        const rows: unknown = page.data;
        if (Array.isArray(rows)) {
          for (const row of rows as { id?: unknown; properties?: unknown }[]) {
            const uri = vaultUriOf(row.properties);
            if (uri && typeof row.id === 'string') known.set(key(uri), row.id);
          }
        }
        skipToken = page.skipToken;
      } while (skipToken);
      return known.get(key(vaultUrl));
    },
  };
}
