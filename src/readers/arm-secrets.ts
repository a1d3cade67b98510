import type { ResourceManagementClient } from '@azure/arm-resources';
import { z } from 'zod';
import { AzureError } from '../azure/errors';
import { namedExport } from '../azure/named-export';
import { readError } from './arm-get';

/**
 * The api-version of `Microsoft.KeyVault/vaults/secrets` on the ARM control plane, the vault's
 * own pinned version. ARM answers for a vault whatever its firewall says: the control plane is
 * not behind the vault's network rules, so a locked-down vault's secrets can still be judged.
 */
export const ARM_SECRETS_API_VERSION = '2025-05-01';

/** Unix seconds, as both planes write secrets' times. */
const unixSeconds = z.number().int();

/**
 * A secret as ARM's `Secrets_Get` / `Secrets_List` return it (keyvault resource-manager
 * 2025-05-01 `secrets.json`, `getSecret.json`): attributes (`enabled`, `nbf`, `exp`, `created`,
 * `updated`), `contentType`, the secret's URIs and the resource's tags. Never a value: ARM
 * does not return it.
 */
export const armSecretSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.string().min(1),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.looseObject({
    attributes: z
      .looseObject({
        enabled: z.boolean().nullish(),
        nbf: unixSeconds.nullish(),
        exp: unixSeconds.nullish(),
        created: unixSeconds.nullish(),
        updated: unixSeconds.nullish(),
      })
      .nullish(),
    contentType: z.string().nullish(),
    secretUri: z.string().nullish(),
    secretUriWithVersion: z.string().nullish(),
  }),
});

export type ArmSecret = z.infer<typeof armSecretSchema>;

const armSecretListSchema = z.looseObject({
  value: z.array(z.unknown()),
  nextLink: z.string().nullish(),
});

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

/** Checks one ARM secret body; a provider answering otherwise is not retried. */
export function parseArmSecret(value: unknown, what: string): ArmSecret {
  const parsed = armSecretSchema.safeParse(value);
  if (!parsed.success) {
    throw new AzureError(
      'read-failed',
      `${what} is not an ARM secret body: ${describe(parsed.error)}`,
      { retryable: false },
    );
  }
  return parsed.data;
}

function parseJson(text: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text ?? '') as unknown;
  } catch (cause) {
    throw new AzureError('read-failed', `${what} returned a body that is not JSON`, {
      retryable: false,
      cause,
    });
  }
}

/** Pages a list never holds more than: a nextLink loop is a provider fault, not an estate. */
const MAX_PAGES = 1_000;

/**
 * Every secret of a vault through ARM (`GET {vault}/secrets`, following `nextLink`): the
 * current version of each, with its attributes. A nextLink to another host than the client's
 * is refused: ward's token goes only to ARM.
 */
export async function listArmSecrets(
  client: ResourceManagementClient,
  vaultId: string,
): Promise<ArmSecret[]> {
  const what = `the secrets of ${vaultId}`;
  const pipeline = await import('@azure/core-rest-pipeline');
  const createPipelineRequest = namedExport(pipeline, 'createPipelineRequest');
  const host = new URL(client.$host).origin;
  let url: string | undefined =
    `${client.$host.replace(/\/+$/, '')}${vaultId}/secrets?api-version=${ARM_SECRETS_API_VERSION}`;
  const secrets: ArmSecret[] = [];
  for (let pages = 0; url; pages += 1) {
    if (pages >= MAX_PAGES || new URL(url).origin !== host) {
      throw new AzureError('read-failed', `${what}: the list's nextLink is not ARM's (${url})`, {
        retryable: false,
      });
    }
    let response;
    try {
      response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
    } catch (error) {
      throw readError(what, error);
    }
    if (response.status >= 300) {
      const failure = Object.assign(new Error(response.bodyAsText ?? `HTTP ${response.status}`), {
        statusCode: response.status,
      });
      throw readError(what, failure);
    }
    const parsed = armSecretListSchema.safeParse(parseJson(response.bodyAsText ?? undefined, what));
    if (!parsed.success) {
      throw new AzureError('read-failed', `${what}: ${describe(parsed.error)}`, {
        retryable: false,
      });
    }
    for (const item of parsed.data.value) secrets.push(parseArmSecret(item, what));
    url = parsed.data.nextLink ?? undefined;
  }
  return secrets;
}
