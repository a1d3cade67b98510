import { ArmRequestError } from '../../http';
import type { TypeBehaviour, WriteContext } from '../behaviour';

const DESTINATIONS = [
  'workspaceId',
  'storageAccountId',
  'eventHubAuthorizationRuleId',
  'marketplacePartnerId',
] as const;

/** Azure Monitor allows at most five diagnostic settings per resource. */
const MAX_SETTINGS = 5;

function validate(ctx: WriteContext): void {
  const props = ctx.request.properties ?? {};
  const set = DESTINATIONS.filter((d) => typeof props[d] === 'string' && props[d] !== '');
  if (set.length === 0) {
    throw new ArmRequestError(
      400,
      'BadRequest',
      'At least one destination (workspaceId, storageAccountId, eventHubAuthorizationRuleId or marketplacePartnerId) must be set.',
    );
  }
  const workspaceId = props.workspaceId;
  if (typeof workspaceId === 'string' && workspaceId !== '' && !ctx.env.store.has(workspaceId)) {
    throw new ArmRequestError(
      400,
      'ResourceNotFound',
      `The Log Analytics workspace '${workspaceId}' was not found.`,
    );
  }
  if (!ctx.existing && ctx.path.extensionOf) {
    const count = ctx.env.store.list({
      parentId: `${ctx.path.extensionOf}/providers/Microsoft.Insights`,
      type: 'Microsoft.Insights/diagnosticSettings',
    }).length;
    if (count >= MAX_SETTINGS) {
      throw new ArmRequestError(
        400,
        'BadRequest',
        `Diagnostic settings count exceeds the limit: a resource can have at most ${MAX_SETTINGS}.`,
      );
    }
  }
}

export const diagnosticSettingsBehaviour: TypeBehaviour = { validate };
