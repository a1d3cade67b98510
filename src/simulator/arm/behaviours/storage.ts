import { ArmRequestError } from '../../http';
import type { ArmBody } from '../../state';
import type { TypeBehaviour, WriteContext } from '../behaviour';
import type { ArmEnv } from '../env';

const TLS_VERSIONS = ['TLS1_0', 'TLS1_1', 'TLS1_2', 'TLS1_3'];
export const STORAGE_SERVICES = ['blobServices', 'fileServices', 'queueServices', 'tableServices'];

function validate(ctx: WriteContext): void {
  const props = ctx.request.properties ?? {};
  if (ctx.method === 'PUT' && !ctx.existing && (!ctx.request.sku || !ctx.request.kind)) {
    throw new ArmRequestError(
      400,
      'InvalidRequestContent',
      'A storage account needs sku and kind.',
    );
  }
  const tls = props.minimumTlsVersion;
  if (tls !== undefined && (typeof tls !== 'string' || !TLS_VERSIONS.includes(tls))) {
    throw new ArmRequestError(
      400,
      'InvalidValuesForRequestParameters',
      `Values for request parameters are invalid: minimumTlsVersion. Allowed values: ${TLS_VERSIONS.join(', ')}.`,
    );
  }
}

/** Every storage account has its `default` blob, file, queue and table services. */
export function ensureStorageServices(env: ArmEnv, account: ArmBody): void {
  for (const service of STORAGE_SERVICES) {
    const id = `${account.id}/${service}/default`;
    if (env.store.has(id)) continue;
    env.store.put({
      id,
      name: 'default',
      type: `Microsoft.Storage/storageAccounts/${service}`,
      properties: {},
    });
  }
}

export const storageAccountBehaviour: TypeBehaviour = {
  validate,
  prepare: (body, ctx) => {
    body.properties ??= {};
    const name = body.name;
    body.properties.primaryEndpoints ??= {
      blob: `https://${name}.blob.core.windows.net/`,
      queue: `https://${name}.queue.core.windows.net/`,
      table: `https://${name}.table.core.windows.net/`,
      file: `https://${name}.file.core.windows.net/`,
    };
    body.properties.creationTime ??=
      ctx.existing?.properties?.creationTime ?? ctx.env.clock.now().toISOString();
  },
  afterWrite: (body, ctx) => {
    ensureStorageServices(ctx.env, body);
  },
};
