import type { ScaleSettings } from '@azure/arm-machinelearning';
import { armBody, isRecord, readPath, sameText } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPlan, PreconditionResult, RemediationAction } from '../types';
import { COMPUTE_TYPE, provisionedComputeType } from '../common/compute';
import { checkBasis, stringParameter } from '../common/plan-basis';
import { segment } from '../common/segments';

const STATE = 'properties.properties.state';
const SCALE = 'properties.properties.scaleSettings';

interface ComputeName {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  compute: string;
}

function nameOf(resourceId: string): ComputeName {
  return {
    subscriptionId: segment(resourceId, 'subscriptions'),
    resourceGroup: segment(resourceId, 'resourceGroups'),
    workspace: segment(resourceId, 'workspaces'),
    compute: segment(resourceId, 'computes'),
  };
}

function scaleSettings(value: unknown, what: string): ScaleSettings {
  if (!isRecord(value) || typeof value.maxNodeCount !== 'number') {
    throw new ActionError(
      'invalid-plan',
      `${what} is not a scaleSettings object with maxNodeCount.`,
    );
  }
  return {
    maxNodeCount: value.maxNodeCount,
    ...(typeof value.minNodeCount === 'number' ? { minNodeCount: value.minNodeCount } : {}),
    ...(typeof value.nodeIdleTimeBeforeScaleDown === 'string'
      ? { nodeIdleTimeBeforeScaleDown: value.nodeIdleTimeBeforeScaleDown }
      : {}),
  };
}

/** AmlCompute's update (PATCH) takes scaleSettings only; the typed client speaks it. */
async function updateScale(deps: ActionDeps, plan: ActionPlan, settings: ScaleSettings) {
  const name = nameOf(plan.resourceId);
  const ml = await deps.clients.machineLearning(name.subscriptionId);
  await ml.computeOperations.beginUpdateAndWait(name.resourceGroup, name.workspace, name.compute, {
    properties: { scaleSettings: settings },
  });
}

function computeTypeOf(plan: ActionPlan): 'ComputeInstance' | 'AmlCompute' {
  const type = stringParameter(plan, 'computeType');
  if (type !== 'ComputeInstance' && type !== 'AmlCompute') {
    throw new ActionError(
      'invalid-plan',
      'The plan names no computeType (ComputeInstance or AmlCompute).',
    );
  }
  return type;
}

const TICKET_NOTE =
  'node public IP is fixed at creation, so a ticket to recreate the compute without one follows';

/**
 * Containment for a compute whose public IP cannot be removed in place: stop an instance, or
 * scale a cluster to zero nodes. It never deletes a compute and never PUTs over one (a PUT over
 * an existing compute recreates it). The rule keeps failing afterwards, so `verify` checks the
 * contained state instead.
 */
export const mlComputeStopOrScaleToZero: RemediationAction<ActionDeps> = {
  id: 'ml-compute-stop-or-scale-to-zero',
  resourceTypes: [COMPUTE_TYPE],
  permissions: {
    actions: [
      'Microsoft.MachineLearningServices/workspaces/computes/read',
      'Microsoft.MachineLearningServices/workspaces/computes/stop/action',
      'Microsoft.MachineLearningServices/workspaces/computes/write',
      'Microsoft.MachineLearningServices/workspaces/computes/start/action',
    ],
    dataActions: [],
    revertOnly: ['Microsoft.MachineLearningServices/workspaces/computes/start/action'],
  },
  reversible: true,
  revertSummary:
    'Starts the compute instance again, or restores the cluster’s previous scale settings.',
  plan(snapshot) {
    const resource = armBody(snapshot);
    const type = resource ? provisionedComputeType(resource) : undefined;
    if (!resource || !type) {
      return { ok: false, reason: 'Applies to compute instances and AmlCompute clusters only.' };
    }
    const base = {
      actionId: 'ml-compute-stop-or-scale-to-zero' as const,
      resourceId: snapshot.resourceId,
      resourceType: snapshot.resourceType,
      parameters: { computeType: type },
    };
    if (type === 'ComputeInstance') {
      const state = readPath(resource, STATE) ?? undefined;
      if (sameText(state, 'Stopped') || sameText(state, 'Stopping')) {
        return { ok: false, reason: `The compute instance is already ${JSON.stringify(state)}.` };
      }
      return {
        ok: true,
        plan: {
          ...base,
          summary: `Stop the compute instance; its ${TICKET_NOTE}`,
          changes: [{ path: STATE, before: state, after: 'Stopped' }],
        },
      };
    }
    const before = readPath(resource, SCALE) ?? undefined;
    const current = isRecord(before) ? before : {};
    if (current.maxNodeCount === 0) {
      return { ok: false, reason: 'The cluster already scales to at most 0 nodes.' };
    }
    return {
      ok: true,
      plan: {
        ...base,
        summary: `Scale the cluster to 0 nodes (min 0, max 0); its ${TICKET_NOTE}`,
        changes: [{ path: SCALE, before, after: { ...current, minNodeCount: 0, maxNodeCount: 0 } }],
      },
    };
  },
  precondition: (plan, current) => checkBasis(plan, current),
  async apply(plan, deps) {
    if (computeTypeOf(plan) === 'ComputeInstance') {
      const name = nameOf(plan.resourceId);
      const ml = await deps.clients.machineLearning(name.subscriptionId);
      await ml.computeOperations.beginStopAndWait(name.resourceGroup, name.workspace, name.compute);
      return {};
    }
    const after = plan.changes.find((c) => c.path === SCALE)?.after;
    await updateScale(deps, plan, scaleSettings(after, `The plan's ${SCALE}`));
    return {};
  },
  verify(plan, after): PreconditionResult {
    const resource = armBody(after);
    if (!resource) return { ok: false, reason: 'the re-read is not an ARM compute' };
    if (computeTypeOf(plan) === 'ComputeInstance') {
      const state = readPath(resource, STATE);
      return sameText(state, 'Stopped')
        ? { ok: true }
        : { ok: false, reason: `the compute instance is ${String(state)}, not Stopped` };
    }
    const max = readPath(resource, `${SCALE}.maxNodeCount`);
    return max === 0
      ? { ok: true }
      : { ok: false, reason: `the cluster's maxNodeCount is ${String(max)}, not 0` };
  },
  async revert(plan, _applied, deps) {
    if (computeTypeOf(plan) === 'ComputeInstance') {
      const name = nameOf(plan.resourceId);
      const ml = await deps.clients.machineLearning(name.subscriptionId);
      await ml.computeOperations.beginStartAndWait(
        name.resourceGroup,
        name.workspace,
        name.compute,
      );
      return;
    }
    const before = plan.changes.find((c) => c.path === SCALE)?.before;
    if (before === undefined) {
      throw new ActionError(
        'revert-unsupported',
        'The cluster had no scale settings before; there is nothing to restore.',
      );
    }
    await updateScale(deps, plan, scaleSettings(before, `The plan's previous ${SCALE}`));
  },
};
