import type { ArmResource, RuleOutcome, Snapshot } from '../domain';
import { error, skip } from './outcome';
import { armBody, readPath } from './paths';
import { canonicalEnum } from './ml-enum';

/** The compute types ward's ML compute rules judge: the ones Azure ML provisions itself. */
export const ML_COMPUTE_TYPES = ['AmlCompute', 'ComputeInstance'] as const;
export type MlComputeType = (typeof ML_COMPUTE_TYPES)[number];

export const COMPUTE_TYPE_PATH = 'properties.computeType';

/** Every compute type the 2025-12-01 spec lists, so an unknown value is told apart from a known other. */
const KNOWN_COMPUTE_TYPES = [
  ...ML_COMPUTE_TYPES,
  'AKS',
  'Kubernetes',
  'DataFactory',
  'VirtualMachine',
  'HDInsight',
  'Databricks',
  'DataLakeAnalytics',
  'SynapseSpark',
] as const;

export type ComputeRead =
  | { judge: true; body: ArmResource; computeType: MlComputeType }
  | { judge: false; outcome: RuleOutcome };

/**
 * Reads `properties.computeType` and decides whether the ML compute rules can judge this
 * compute. Attached computes (AKS, Kubernetes, VMs, …) carry their settings on the
 * attached resource, so they answer skip rather than fail.
 */
export function readCompute(snapshot: Snapshot): ComputeRead {
  const body = armBody(snapshot);
  if (!body) return { judge: false, outcome: error('Expected an ARM compute body.') };
  const actual = readPath(body, COMPUTE_TYPE_PATH);
  const expected = ML_COMPUTE_TYPES.join(' or ');
  if (typeof actual !== 'string') {
    return {
      judge: false,
      outcome: error(
        `${COMPUTE_TYPE_PATH} is missing or not a string: the compute cannot be judged.`,
        [{ path: COMPUTE_TYPE_PATH, actual, expected }],
      ),
    };
  }
  const known = canonicalEnum(actual, KNOWN_COMPUTE_TYPES);
  const computeType = canonicalEnum(actual, ML_COMPUTE_TYPES);
  if (computeType) return { judge: true, body, computeType };
  const what = known ? `Compute type ${known}` : `Unknown compute type ${actual}`;
  return {
    judge: false,
    outcome: skip(`${what} is not judged by this rule (it applies to ${expected}).`, [
      { path: COMPUTE_TYPE_PATH, actual, expected },
    ]),
  };
}

/** How messages name a compute to the people who own it. */
export function computeLabel(type: MlComputeType): string {
  return type === 'ComputeInstance' ? 'Compute instance' : 'Compute cluster';
}
