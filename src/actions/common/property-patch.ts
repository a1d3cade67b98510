import type { ActionId, ArmResource, Snapshot } from '../../domain';
import { apiVersionFor } from '../../azure/api-versions';
import { armBody, readPath, sameText } from '../../rules/paths';
import type { ActionDeps } from '../deps';
import { ActionError } from '../errors';
import type { ActionPermissions, ActionPlan, PlanContext, RemediationAction } from '../types';
import { armRequest } from './arm-request';
import { checkBasis, nestedBody, sameValue } from './plan-basis';

/** One property set to one value by a PATCH: the shape of most of ward's fixes. */
export interface PropertyPatchSpec {
  id: ActionId;
  resourceType: string;
  /** Dotted path in the ARM body, e.g. `properties.minimumTlsVersion`. */
  path: string;
  target: string | boolean;
  /**
   * The value absence stands for. A PATCH cannot make a property absent again, so revert writes
   * this when the property was absent before.
   */
  absentMeans?: string | boolean;
  summary: string;
  /** Send If-Match with the plan's etag (providers that honour it: network, Cognitive Services). */
  conditional: boolean;
  permissions: ActionPermissions;
  reversible: boolean;
  revertSummary: string;
  /** A reason the fix must not run on this resource (pure); undefined lets it plan. */
  refuse?(resource: ArmResource, snapshot: Snapshot, context: PlanContext): string | undefined;
  /** The write; defaults to a PATCH of the one property at the type's pinned api-version. */
  write?(deps: ActionDeps, plan: ActionPlan, value: unknown, ifMatch?: string): Promise<void>;
}

async function patchProperty(
  spec: PropertyPatchSpec,
  deps: ActionDeps,
  plan: ActionPlan,
  value: unknown,
  ifMatch?: string,
): Promise<void> {
  await armRequest(deps, {
    method: 'PATCH',
    resourceId: plan.resourceId,
    apiVersion: apiVersionFor(spec.resourceType),
    body: nestedBody(spec.path, value),
    ...(ifMatch !== undefined ? { ifMatch } : {}),
  });
}

export function propertyPatchAction(spec: PropertyPatchSpec): RemediationAction<ActionDeps> {
  const write = (deps: ActionDeps, plan: ActionPlan, value: unknown, ifMatch?: string) =>
    spec.write
      ? spec.write(deps, plan, value, ifMatch)
      : patchProperty(spec, deps, plan, value, ifMatch);

  const action: RemediationAction<ActionDeps> = {
    id: spec.id,
    resourceTypes: [spec.resourceType],
    permissions: spec.permissions,
    reversible: spec.reversible,
    revertSummary: spec.revertSummary,
    plan(snapshot, context) {
      const resource = armBody(snapshot);
      if (!resource || snapshot.resourceType.toLowerCase() !== spec.resourceType.toLowerCase()) {
        return { ok: false, reason: `${spec.id} applies to ${spec.resourceType} only.` };
      }
      const before = readPath(resource, spec.path) ?? undefined;
      // ARM echoes enum values in varying case: `disabled` is already Disabled.
      const target = spec.target;
      if (sameValue(before, target) || (typeof target === 'string' && sameText(before, target))) {
        return { ok: false, reason: `${spec.path} is already ${String(spec.target)}.` };
      }
      const refused = spec.refuse?.(resource, snapshot, context);
      if (refused !== undefined) return { ok: false, reason: refused };
      if (spec.conditional && snapshot.etag === undefined) {
        return {
          ok: false,
          reason: `The read carries no etag, so a conditional write is impossible; nothing is changed.`,
        };
      }
      return {
        ok: true,
        plan: {
          actionId: spec.id,
          resourceId: snapshot.resourceId,
          resourceType: snapshot.resourceType,
          summary: spec.summary,
          changes: [{ path: spec.path, before, after: spec.target }],
          ...(spec.conditional && snapshot.etag !== undefined ? { basisEtag: snapshot.etag } : {}),
          parameters: {},
        },
      };
    },
    precondition: (plan, current) => checkBasis(plan, current),
    async apply(plan, deps) {
      if (spec.conditional && plan.basisEtag === undefined) {
        throw new ActionError(
          'invalid-plan',
          `${spec.id} writes under If-Match; the plan has no etag.`,
        );
      }
      await write(deps, plan, spec.target, spec.conditional ? plan.basisEtag : undefined);
      return {};
    },
  };
  if (spec.reversible) {
    action.revert = async (plan, _applied, deps) => {
      const change = plan.changes.find((c) => c.path === spec.path);
      const restore = change?.before ?? spec.absentMeans;
      if (restore === undefined) {
        throw new ActionError(
          'revert-unsupported',
          `${spec.path} was absent before and ${spec.id} knows no value that stands for absent.`,
        );
      }
      await write(deps, plan, restore);
    };
  }
  return action;
}
