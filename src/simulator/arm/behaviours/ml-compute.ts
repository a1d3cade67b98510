import { z } from 'zod';
import { ArmRequestError } from '../../http';
import type { ArmBody } from '../../state';
import { innerProperties, isRecord } from '../behaviour';
import type { ActionContext, ActionSpec, TypeBehaviour, WriteContext } from '../behaviour';

/** Fixed at creation on AmlCompute and ComputeInstance (the REST specs' update models lack them). */
export const IMMUTABLE_COMPUTE_PROPERTIES = [
  'enableNodePublicIp',
  'remoteLoginPortPublicAccess',
  'sshSettings',
  'subnet',
  'disableLocalAuth',
] as const;

const patchSchema = z.strictObject({
  properties: z.strictObject({
    properties: z.strictObject({ scaleSettings: z.record(z.string(), z.unknown()) }),
  }),
});

const idleShutdownSchema = z.strictObject({
  idleTimeBeforeShutdown: z.string(),
});

function computeType(body: ArmBody | undefined): string | undefined {
  const t = body?.properties?.computeType;
  return typeof t === 'string' ? t : undefined;
}

/** Minutes in an ISO 8601 duration of days, hours and minutes (PT2H30M), else undefined. */
export function durationMinutes(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

function immutableChanges(ctx: WriteContext): string[] {
  const requested = ctx.request.properties;
  const inner = isRecord(requested?.properties) ? requested.properties : {};
  return IMMUTABLE_COMPUTE_PROPERTIES.filter((name) => name in inner).map(
    (name) => `properties.properties.${name}`,
  );
}

function validate(ctx: WriteContext): void {
  if (ctx.method === 'PUT') {
    if (ctx.existing) {
      throw new ArmRequestError(
        409,
        'Conflict',
        `Compute '${ctx.path.name ?? ''}' already exists. A PUT over an existing compute would delete and recreate it; change it with PATCH (AmlCompute scaleSettings only) or its actions, or delete it explicitly first.`,
      );
    }
    const type = ctx.request.properties?.computeType;
    if (typeof type !== 'string') {
      throw new ArmRequestError(
        400,
        'BadRequest',
        "properties.computeType is required (e.g. 'AmlCompute', 'ComputeInstance').",
      );
    }
    return;
  }
  const existing = ctx.existing;
  if (!existing) return;
  const changed = immutableChanges(ctx);
  if (changed.length > 0) {
    throw new ArmRequestError(
      400,
      'PropertyChangeNotAllowed',
      `Changing property '${changed.join("', '")}' is not allowed: it is fixed when the compute is created.`,
    );
  }
  if (computeType(existing) !== 'AmlCompute') {
    throw new ArmRequestError(
      400,
      'BadRequest',
      `Update is supported only for AmlCompute; compute '${existing.name}' is ${computeType(existing) ?? 'unknown'}.`,
    );
  }
  const parsed = patchSchema.safeParse(ctx.req.body);
  if (!parsed.success) {
    throw new ArmRequestError(
      400,
      'BadRequest',
      'An AmlCompute update accepts only properties.properties.scaleSettings.',
    );
  }
}

function prepare(body: ArmBody, ctx: WriteContext): void {
  const now = ctx.env.clock.now().toISOString();
  body.properties ??= {};
  body.properties.createdOn = ctx.existing?.properties?.createdOn ?? now;
  body.properties.modifiedOn = now;
  if (!ctx.existing && computeType(body) === 'ComputeInstance') {
    const inner = innerProperties(body);
    inner.state ??= 'Running';
  }
}

function stateTransition(transitional: string, final: string, guard?: string): ActionSpec {
  return {
    async: true,
    run: (ctx: ActionContext) => {
      if (computeType(ctx.resource) !== 'ComputeInstance') {
        throw new ArmRequestError(
          400,
          'BadRequest',
          `'${ctx.action}' is supported only on ComputeInstance.`,
        );
      }
      const state = innerProperties(ctx.resource).state;
      if (guard && state === guard) {
        throw new ArmRequestError(
          409,
          'Conflict',
          `Compute instance '${ctx.resource.name}' is already ${guard}.`,
        );
      }
      const body = ctx.resource;
      innerProperties(body).state = transitional;
      ctx.env.store.put(body);
      return {
        complete: (succeeded) => {
          const current = ctx.env.store.get(body.id);
          if (!current) return;
          innerProperties(current).state = succeeded ? final : 'Failed';
          ctx.env.store.put(current);
        },
      };
    },
  };
}

const updateIdleShutdownSetting: ActionSpec = {
  async: false,
  run: (ctx) => {
    if (computeType(ctx.resource) !== 'ComputeInstance') {
      throw new ArmRequestError(
        400,
        'BadRequest',
        'Idle shutdown applies only to ComputeInstance.',
      );
    }
    const parsed = idleShutdownSchema.safeParse(ctx.req.body);
    if (!parsed.success) {
      throw new ArmRequestError(
        400,
        'BadRequest',
        'Body must be {"idleTimeBeforeShutdown": "<ISO 8601 duration>"}.',
      );
    }
    const value = parsed.data.idleTimeBeforeShutdown;
    const minutes = durationMinutes(value);
    if (minutes === undefined || minutes < 15 || minutes > 3 * 1440) {
      throw new ArmRequestError(
        400,
        'BadRequest',
        `idleTimeBeforeShutdown '${value}' must be an ISO 8601 duration between PT15M and P3D.`,
      );
    }
    const body = ctx.resource;
    innerProperties(body).idleTimeBeforeShutdown = value;
    body.properties ??= {};
    body.properties.modifiedOn = ctx.env.clock.now().toISOString();
    ctx.env.store.put(body);
    return {};
  },
};

export const mlComputeBehaviour: TypeBehaviour = {
  validate,
  prepare,
  actions: {
    start: stateTransition('Starting', 'Running', 'Running'),
    stop: stateTransition('Stopping', 'Stopped', 'Stopped'),
    restart: stateTransition('Restarting', 'Running'),
    updateidleshutdownsetting: updateIdleShutdownSetting,
  },
};
