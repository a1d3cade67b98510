import { ArmRequestError } from '../../http';
import type { ArmBody } from '../../state';
import type { TypeBehaviour, WriteContext } from '../behaviour';
import { composePrivateEndpointConnectionsOmittingNone } from './private-endpoint-connections';

/** Settings Key Vault lets a vault turn on and never off. */
const ONE_WAY = ['enablePurgeProtection', 'enableSoftDelete'] as const;

function validate(ctx: WriteContext): void {
  const requested = ctx.request.properties ?? {};
  if (ctx.method === 'PUT' && !ctx.existing) {
    if (typeof requested.tenantId !== 'string' || typeof requested.sku !== 'object') {
      throw new ArmRequestError(
        400,
        'BadRequest',
        'A vault needs properties.tenantId and properties.sku ({ family, name }).',
      );
    }
  }
  const before = ctx.existing?.properties ?? {};
  for (const name of ONE_WAY) {
    if (before[name] === true && requested[name] === false) {
      throw new ArmRequestError(
        400,
        'BadRequest',
        `The property "${name}" cannot be set to false. Enabling ${name === 'enablePurgeProtection' ? 'purge protection' : 'soft delete'} for a vault is an irreversible action.`,
      );
    }
  }
}

function prepare(body: ArmBody, ctx: WriteContext): void {
  body.properties ??= {};
  body.properties.vaultUri ??= ctx.env.vaultUriFor(body.name);
  body.properties.enableSoftDelete ??= true;
  body.properties.softDeleteRetentionInDays ??= 90;
}

export const keyVaultBehaviour: TypeBehaviour = {
  validate,
  prepare,
  compose: composePrivateEndpointConnectionsOmittingNone,
};
