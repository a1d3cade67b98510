import type { ResourceManagementClient } from '@azure/arm-resources';
import { z } from 'zod';
import type { ArmResource, DiagnosticSetting, RelatedData, StorageService } from '../domain';
import { apiVersionFor } from '../azure/api-versions';
import { AzureError } from '../azure/errors';
import { armGet } from './arm-get';
import { parseArmResource } from './arm-resource';

/** The related data a reader can fetch beside a resource. */
export type RelatedKey =
  | 'diagnosticSettings'
  | 'serviceDiagnosticSettings'
  | 'privateEndpointConnections'
  | 'publicIpAddresses';

export interface RelatedContext {
  client: ResourceManagementClient;
  resource: ArmResource;
  apiVersion: string;
}

/** One related read; `part` names the key (or sub-key) a failure leaves absent. */
export interface RelatedRead {
  key: RelatedKey;
  part: string;
  read(context: RelatedContext): Promise<RelatedData>;
}

/** A list answer; `nextLink` (absent or null on the last page) is not followed here. */
const listSchema = z.looseObject({ value: z.array(z.record(z.string(), z.unknown())) });

export const diagnosticSettingSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  properties: z
    .looseObject({
      workspaceId: z.string().nullish(),
      storageAccountId: z.string().nullish(),
      eventHubAuthorizationRuleId: z.string().nullish(),
      logs: z
        .array(
          z.looseObject({
            category: z.string().nullish(),
            categoryGroup: z.string().nullish(),
            enabled: z.boolean().nullish(),
          }),
        )
        .nullish(),
      metrics: z
        .array(z.looseObject({ category: z.string().nullish(), enabled: z.boolean().nullish() }))
        .nullish(),
    })
    .nullish(),
});

async function list(
  client: ResourceManagementClient,
  path: string,
  apiVersion: string,
): Promise<Record<string, unknown>[]> {
  const result = await armGet(client, path, apiVersion);
  if (!result.found) {
    throw new AzureError('read-failed', `${path} answered 404`, {
      retryable: false,
      statusCode: 404,
    });
  }
  const parsed = listSchema.safeParse(result.body);
  if (!parsed.success) {
    throw new AzureError('read-failed', `${path} did not return a list: ${parsed.error.message}`, {
      retryable: false,
    });
  }
  return parsed.data.value;
}

async function diagnosticSettingsOf(
  client: ResourceManagementClient,
  resourceUri: string,
): Promise<DiagnosticSetting[]> {
  const items = await list(
    client,
    `${resourceUri}/providers/Microsoft.Insights/diagnosticSettings`,
    apiVersionFor('Microsoft.Insights/diagnosticSettings'),
  );
  return items.map((item) => diagnosticSettingSchema.parse(item));
}

export const diagnosticSettingsRead: RelatedRead = {
  key: 'diagnosticSettings',
  part: 'diagnosticSettings',
  async read({ client, resource }) {
    return { diagnosticSettings: await diagnosticSettingsOf(client, resource.id) };
  },
};

export const STORAGE_SERVICES: readonly StorageService[] = [
  'blobServices',
  'fileServices',
  'queueServices',
  'tableServices',
];

/** A storage account keeps its logs on `{service}/default`: one read per service. */
export function serviceDiagnosticSettingsRead(service: StorageService): RelatedRead {
  return {
    key: 'serviceDiagnosticSettings',
    part: `serviceDiagnosticSettings.${service}`,
    async read({ client, resource }) {
      const settings = await diagnosticSettingsOf(client, `${resource.id}/${service}/default`);
      return { serviceDiagnosticSettings: { [service]: settings } };
    },
  };
}

/** Listed through their own API only when the body does not carry them already. */
export const privateEndpointConnectionsRead: RelatedRead = {
  key: 'privateEndpointConnections',
  part: 'privateEndpointConnections',
  async read({ client, resource, apiVersion }) {
    if (Array.isArray(resource.properties?.privateEndpointConnections)) return {};
    return {
      privateEndpointConnections: await list(
        client,
        `${resource.id}/privateEndpointConnections`,
        apiVersion,
      ),
    };
  },
};

const nicSchema = z.object({
  properties: z
    .looseObject({
      ipConfigurations: z
        .array(
          z.looseObject({
            properties: z
              .looseObject({
                publicIPAddress: z.looseObject({ id: z.string() }).nullish(),
              })
              .optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** The ids of the public IPs a NIC's ip configurations reference, once each. */
export function publicIpIdsOf(nic: ArmResource): string[] {
  const parsed = nicSchema.parse(nic);
  const ids = (parsed.properties?.ipConfigurations ?? []).flatMap((config) => {
    const id = config.properties?.publicIPAddress?.id;
    return id ? [id] : [];
  });
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const publicIpAddressesRead: RelatedRead = {
  key: 'publicIpAddresses',
  part: 'publicIpAddresses',
  async read({ client, resource }) {
    const version = apiVersionFor('Microsoft.Network/publicIPAddresses');
    const addresses: ArmResource[] = [];
    for (const id of publicIpIdsOf(resource)) {
      const result = await armGet(client, id, version);
      // A reference to an address deleted meanwhile is no public IP.
      if (result.found) addresses.push(parseArmResource(result.body, id));
    }
    return { publicIpAddresses: addresses };
  },
};
