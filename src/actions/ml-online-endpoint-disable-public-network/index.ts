import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { RemediationAction } from '../types';
import { checkBasis } from '../common/plan-basis';

/**
 * OnlineEndpoints_Update (PATCH, 2025-12-01) takes PartialMinimalTrackedResourceWithIdentity:
 * `tags` and `identity` only (examples/Workspace/OnlineEndpoint/update.json). publicNetworkAccess
 * is not patchable, so this action never plans a change and the finding goes to a ticket.
 */
export const mlOnlineEndpointDisablePublicNetwork: RemediationAction<ActionDeps> = {
  id: 'ml-online-endpoint-disable-public-network',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints'],
  permissions: {
    actions: ['Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read'],
    dataActions: [],
  },
  reversible: false,
  revertSummary: 'Nothing to undo: ward does not change online endpoints in place.',
  plan() {
    return {
      ok: false,
      reason:
        'The online endpoint update (PATCH) accepts only tags and identity: publicNetworkAccess cannot be patched in place. Change it through the endpoint’s deployment pipeline (ticket).',
    };
  },
  precondition: (plan, current) => checkBasis(plan, current),
  apply() {
    return Promise.reject(
      new ActionError(
        'invalid-plan',
        'ml-online-endpoint-disable-public-network never plans a change.',
      ),
    );
  },
};
