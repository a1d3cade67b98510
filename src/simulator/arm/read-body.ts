import type { ArmBody } from '../state';
import type { ArmEnv } from './env';
import type { ResourceTypeSpec } from './resource-types';

/** What a GET shows: the stored body with the provider's read-time composition. */
export function readBody(
  env: ArmEnv,
  spec: ResourceTypeSpec | undefined,
  stored: ArmBody,
): ArmBody {
  return spec?.behaviour.compose ? spec.behaviour.compose(stored, env) : stored;
}
