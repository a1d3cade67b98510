import { requireApiVersion } from '../arm/api-versions';
import { page } from '../arm/list-handlers';
import type { SimulatorCore } from '../core';
import { ArmRequestError, json } from '../http';
import type { ArmBody } from '../state';
import type { SecretVersion, VaultSecrets } from './secrets';

/** A served vault, as the ARM secret routes need it. */
export interface ArmSecretsVault {
  /** `https://127.0.0.1:<port>`: the data-plane origin secretUri names. */
  url: string;
  secrets: VaultSecrets;
}

/** Items per page of `Secrets_List` when the caller gives no `$top`. */
export const ARM_SECRETS_PAGE_SIZE = 25;

const ROUTE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/secrets(?:\/([^/]+))?\/?$/i;

function notFound(type: string, name: string, group: string): ArmRequestError {
  return new ArmRequestError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/**
 * A secret as ARM's `Secrets_Get` answers (keyvault resource-manager 2025-05-01
 * `getSecret.json`): the current version's attributes in Unix seconds, content type, URIs and
 * tags, never the value.
 */
export function armSecretBody(
  vault: ArmBody,
  served: ArmSecretsVault,
  name: string,
  current: SecretVersion,
): Record<string, unknown> {
  const attributes: Record<string, unknown> = { enabled: current.enabled };
  if (current.nbf !== undefined) attributes.nbf = current.nbf;
  if (current.exp !== undefined) attributes.exp = current.exp;
  attributes.created = current.created;
  attributes.updated = current.updated;
  const properties: Record<string, unknown> = { attributes };
  if (current.contentType !== undefined) properties.contentType = current.contentType;
  properties.secretUri = `${served.url}/secrets/${name}`;
  properties.secretUriWithVersion = `${served.url}/secrets/${name}/${current.version}`;
  return {
    id: `${vault.id}/secrets/${name}`,
    name,
    type: 'Microsoft.KeyVault/vaults/secrets',
    ...(vault.location !== undefined ? { location: vault.location } : {}),
    ...(current.tags !== undefined ? { tags: current.tags } : {}),
    properties,
  };
}

/**
 * ARM's view of a vault's secrets (`Secrets_Get`, `Secrets_List`): read from the same store
 * as the data plane, and never behind the vault's firewall, which guards the data plane only.
 */
export function registerArmSecretRoutes(
  core: SimulatorCore,
  servedVault: (vaultId: string) => ArmSecretsVault | undefined,
): () => void {
  return core.routes.register({
    name: 'keyvault-arm-secrets',
    method: 'GET',
    pattern: ROUTE,
    plane: 'arm',
    kind: 'read',
    handle: (req, match) => {
      const [, subscription = '', group = '', vaultName = '', secretName] = match;
      requireApiVersion(req.url, 'Microsoft.KeyVault', 'vaults/secrets');
      const vaultId = `/subscriptions/${subscription}/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${vaultName}`;
      const vault = core.state.get(vaultId);
      const served = servedVault(vaultId);
      if (!vault || !served) throw notFound('Microsoft.KeyVault/vaults', vaultName, group);
      if (secretName === undefined) {
        const items = served.secrets
          .list()
          .map(({ name, current }) => armSecretBody(vault, served, name, current));
        return page(req, { armUrl: () => core.armUrl, pageSize: ARM_SECRETS_PAGE_SIZE }, items);
      }
      const secret = served.secrets.find(secretName);
      const current = served.secrets.get(secretName, undefined);
      if (!secret || !current) {
        throw notFound('Microsoft.KeyVault/vaults/secrets', `${vault.name}/${secretName}`, group);
      }
      return json(200, armSecretBody(vault, served, secret.name, current));
    },
  });
}
