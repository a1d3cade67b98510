// The deployment's policy is YAML like docs/examples/policy.yaml; the template takes it as the
// JSON string parameter `policyJson`. This converts one into the other, after validating it, so
// nobody writes JSON by hand: `npm run infra -- --policy ward-policy.yaml --parameters FILE`.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../src/config/errors';
import { parsePolicy, parsePolicyText } from '../../src/config/load-policy';

export interface PolicyParameter {
  /** The compact JSON the template's `policyJson` parameter takes. */
  json: string;
  /** The dryRun the YAML asks for, when it says; the template's `dryRun` parameter decides. */
  dryRun?: boolean;
}

/**
 * Validates policy text (YAML or JSON) against the policy schema and answers it as compact JSON.
 * Only what the file says is kept: defaults stay ward's, so a newer ward's defaults apply.
 */
export function policyParameter(text: string, source: string): PolicyParameter {
  const value = parsePolicyText(text, source) ?? {};
  const policy = parsePolicy(value, source);
  const stated =
    typeof value === 'object' && !Array.isArray(value) && 'dryRun' in value
      ? { dryRun: policy.dryRun }
      : {};
  return { json: JSON.stringify(value), ...stated };
}

export function policyParameterFile(path: string): PolicyParameter {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError('config-unreadable', path, [
      { path: '', message: cause instanceof Error ? cause.message : String(cause) },
    ]);
  }
  return policyParameter(text, path);
}

/**
 * A deployment parameters file with `policyJson` (and, when the YAML states it, `dryRun`) set
 * from the policy; other parameters are kept as they are.
 */
export function withPolicyParameter(
  parameters: Record<string, unknown>,
  policy: PolicyParameter,
): Record<string, unknown> {
  const current =
    typeof parameters.parameters === 'object' && parameters.parameters !== null
      ? (parameters.parameters as Record<string, unknown>)
      : {};
  return {
    $schema:
      parameters.$schema ??
      'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: parameters.contentVersion ?? '1.0.0.0',
    ...parameters,
    parameters: {
      ...current,
      policyJson: { value: policy.json },
      ...(policy.dryRun !== undefined ? { dryRun: { value: policy.dryRun } } : {}),
    },
  };
}
