import type { TokenCredential } from '@azure/core-auth';
import type { Env } from '../config/env';
import { namedExport } from './named-export';

/**
 * The credential ward signs ARM and Key Vault calls with. In Azure (App Service sets
 * WEBSITE_SITE_NAME) it is the app's user-assigned managed identity, named by AZURE_CLIENT_ID;
 * elsewhere DefaultAzureCredential (az login, environment, ...). The simulator hands in its own
 * credential and never calls this. @azure/identity is imported on first use: it is heavy and
 * not every cold start needs it.
 */
export async function createCredential(
  env: Pick<Env, 'AZURE_CLIENT_ID' | 'WEBSITE_SITE_NAME'>,
): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  if (env.WEBSITE_SITE_NAME) {
    const ManagedIdentityCredential = namedExport(identity, 'ManagedIdentityCredential');
    return env.AZURE_CLIENT_ID
      ? new ManagedIdentityCredential({ clientId: env.AZURE_CLIENT_ID })
      : new ManagedIdentityCredential();
  }
  const DefaultAzureCredential = namedExport(identity, 'DefaultAzureCredential');
  return env.AZURE_CLIENT_ID
    ? new DefaultAzureCredential({ managedIdentityClientId: env.AZURE_CLIENT_ID })
    : new DefaultAzureCredential();
}
