import type { ArmResource } from '../../domain';
import { readPath, sameText } from '../../rules/paths';

export const COMPUTE_TYPE = 'Microsoft.MachineLearningServices/workspaces/computes';

export type ProvisionedComputeType = 'ComputeInstance' | 'AmlCompute';

/** `ComputeInstance` or `AmlCompute` (any case ARM echoes), else undefined. */
export function provisionedComputeType(resource: ArmResource): ProvisionedComputeType | undefined {
  const type = readPath(resource, 'properties.computeType');
  if (sameText(type, 'ComputeInstance')) return 'ComputeInstance';
  if (sameText(type, 'AmlCompute')) return 'AmlCompute';
  return undefined;
}
