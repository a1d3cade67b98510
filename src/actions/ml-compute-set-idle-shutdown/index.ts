import { apiVersionFor } from '../../azure/api-versions';
import { armBody, readPath } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPlan, RemediationAction } from '../types';
import { armRequest } from '../common/arm-request';
import { COMPUTE_TYPE, provisionedComputeType } from '../common/compute';
import { checkBasis } from '../common/plan-basis';

const PATH = 'properties.properties.idleTimeBeforeShutdown';

/** `POST .../computes/{name}/updateIdleShutdownSetting` (2025-12-01); the typed client lacks it. */
async function updateIdleShutdown(
  deps: ActionDeps,
  plan: ActionPlan,
  value: string,
): Promise<void> {
  await armRequest(deps, {
    method: 'POST',
    resourceId: plan.resourceId,
    suffix: '/updateIdleShutdownSetting',
    apiVersion: apiVersionFor(COMPUTE_TYPE),
    body: { idleTimeBeforeShutdown: value },
  });
}

export const mlComputeSetIdleShutdown: RemediationAction<ActionDeps> = {
  id: 'ml-compute-set-idle-shutdown',
  resourceTypes: [COMPUTE_TYPE],
  permissions: {
    actions: [
      'Microsoft.MachineLearningServices/workspaces/computes/read',
      'Microsoft.MachineLearningServices/workspaces/computes/updateIdleShutdownSetting/action',
    ],
    dataActions: [],
  },
  reversible: true,
  revertSummary:
    'Restores the previous idle time. Where there was none it cannot be cleared (the operation takes a duration only): ward reports that and changes nothing.',
  plan(snapshot, context) {
    const resource = armBody(snapshot);
    if (!resource || provisionedComputeType(resource) !== 'ComputeInstance') {
      return { ok: false, reason: 'Idle shutdown applies to compute instances only.' };
    }
    const target = context.policy.compute.idleTimeBeforeShutdown;
    const before = readPath(resource, PATH) ?? undefined;
    if (before === target) return { ok: false, reason: `${PATH} is already ${target}.` };
    return {
      ok: true,
      plan: {
        actionId: 'ml-compute-set-idle-shutdown',
        resourceId: snapshot.resourceId,
        resourceType: snapshot.resourceType,
        summary: `Shut the compute instance down after ${target} idle`,
        changes: [{ path: PATH, before, after: target }],
        parameters: {},
      },
    };
  },
  precondition: (plan, current) => checkBasis(plan, current),
  async apply(plan, deps) {
    const after = plan.changes.find((c) => c.path === PATH)?.after;
    if (typeof after !== 'string') {
      throw new ActionError('invalid-plan', `The plan gives no ${PATH} to set.`);
    }
    await updateIdleShutdown(deps, plan, after);
    return {};
  },
  async revert(plan, _applied, deps) {
    const before = plan.changes.find((c) => c.path === PATH)?.before;
    if (typeof before !== 'string' || before === '') {
      throw new ActionError(
        'revert-unsupported',
        'The compute instance had no idle shutdown before, and updateIdleShutdownSetting cannot clear one: it stays set.',
      );
    }
    await updateIdleShutdown(deps, plan, before);
  },
};
