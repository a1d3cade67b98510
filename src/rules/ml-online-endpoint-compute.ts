import type { ArmResource } from '../domain';
import { readPath } from './paths';

export const ENDPOINT_COMPUTE_PATH = 'properties.compute';

/**
 * The attached Kubernetes compute of an online endpoint, or undefined for a managed endpoint
 * (managed endpoints name no compute).
 */
export function kubernetesCompute(body: ArmResource): string | undefined {
  const compute = readPath(body, ENDPOINT_COMPUTE_PATH);
  return typeof compute === 'string' && compute.trim() !== '' ? compute : undefined;
}
