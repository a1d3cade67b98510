import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { RemediationAction } from '../types';
import { COMPUTE_TYPE } from '../common/compute';
import { checkBasis } from '../common/plan-basis';

/**
 * The 2025-12-01 compute API has no in-place identity change: Compute update (PATCH) takes
 * `properties.properties.scaleSettings` only (ClusterUpdateParameters), and a PUT over an
 * existing compute recreates it. So this action never plans a change; the finding goes to a
 * ticket. It stays in the catalog so the rule's remedy names it and says why.
 */
export const mlComputeAssignIdentity: RemediationAction<ActionDeps> = {
  id: 'ml-compute-assign-identity',
  resourceTypes: [COMPUTE_TYPE],
  permissions: {
    actions: ['Microsoft.MachineLearningServices/workspaces/computes/read'],
    dataActions: [],
  },
  reversible: false,
  revertSummary: 'Nothing to undo: ward never changes a compute’s identity in place.',
  plan(_snapshot, context) {
    if (context.policy.compute.userAssignedIdentityId === undefined) {
      return {
        ok: false,
        reason: 'No identity is configured (compute.userAssignedIdentityId): open a ticket.',
      };
    }
    return {
      ok: false,
      reason:
        'The compute API cannot assign an identity in place: its update (PATCH) accepts only scaleSettings and a PUT over an existing compute recreates it. Recreate the compute with the identity (ticket).',
    };
  },
  precondition: (plan, current) => checkBasis(plan, current),
  apply() {
    return Promise.reject(
      new ActionError('invalid-plan', 'ml-compute-assign-identity never plans a change.'),
    );
  },
};
