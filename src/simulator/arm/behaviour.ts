import { z } from 'zod';
import type { SimRequest } from '../http';
import type { ArmBody } from '../state';
import type { ArmEnv } from './env';
import type { ResourcePath } from './resource-path';

/** A write's body as ARM accepts it: an object; the fields ward's resources use are typed. */
export const writeBodySchema = z.looseObject({
  location: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  identity: z.record(z.string(), z.unknown()).nullable().optional(),
  sku: z.record(z.string(), z.unknown()).optional(),
  kind: z.string().optional(),
});
export type WriteBody = z.infer<typeof writeBodySchema>;

export interface WriteContext {
  env: ArmEnv;
  req: SimRequest;
  path: ResourcePath;
  method: 'PUT' | 'PATCH';
  existing: ArmBody | undefined;
  request: WriteBody;
}

export interface ActionContext {
  env: ArmEnv;
  req: SimRequest;
  path: ResourcePath;
  resource: ArmBody;
  action: string;
}

export interface ActionOutcome {
  /** Response body for a synchronous action. */
  body?: unknown;
  /** For an asynchronous action: applied when the operation completes. */
  complete?: (succeeded: boolean) => void;
}

export interface ActionSpec {
  async: boolean;
  run: (ctx: ActionContext) => ActionOutcome;
}

/** Provider-specific behaviour layered over the generic ARM handling of a type. */
export interface TypeBehaviour {
  /** Validate a write before anything changes; throw `ArmRequestError`. */
  validate?: (ctx: WriteContext) => void;
  /** Server-side fields on the body about to be stored (mutate it). */
  prepare?: (body: ArmBody, ctx: WriteContext) => void;
  /** Effects on other resources once the body is stored. */
  afterWrite?: (body: ArmBody, ctx: WriteContext) => void;
  /** Refuse a delete; throw `ArmRequestError`. */
  validateDelete?: (existing: ArmBody, env: ArmEnv) => void;
  /** Effects on other resources once the resource is gone. */
  afterDelete?: (existing: ArmBody, env: ArmEnv) => void;
  /** The body a GET returns, from the stored one (children folded into properties, ...). */
  compose?: (body: ArmBody, env: ArmEnv) => ArmBody;
  actions?: Readonly<Record<string, ActionSpec>>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `properties.properties` (ML compute's inner bag), created when missing. */
export function innerProperties(body: ArmBody): Record<string, unknown> {
  body.properties ??= {};
  const inner = body.properties.properties;
  if (isRecord(inner)) return inner;
  const created: Record<string, unknown> = {};
  body.properties.properties = created;
  return created;
}
