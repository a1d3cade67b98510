import type {
  ArmResource,
  EvaluationContext,
  KeyVaultSecret,
  RelatedData,
  RuleSettings,
  Snapshot,
} from '../../src/domain';

/** Rule tests judge at one fixed time, so expiry-based outcomes never depend on the clock. */
export const RULE_TEST_NOW = new Date('2026-11-23T12:00:00Z');

/** The evaluation context of rule tests: default settings unless a test names its own. */
export function ruleContext(settings: Partial<RuleSettings> = {}): EvaluationContext {
  return {
    now: RULE_TEST_NOW,
    settings: { secretNearExpiryDays: 30, requireCustomerManagedKey: false, ...settings },
  };
}

/**
 * A snapshot of an ARM resource `name` of `type` in resource group `rg` of subscription `s`,
 * as a reader would build it; `fields` adds the rest of the body (`properties`, `kind`, …).
 */
export function armSnapshot(
  type: string,
  name: string,
  fields: Partial<ArmResource> = {},
  related: RelatedData = {},
): Snapshot {
  const resource: ArmResource = {
    id: `/subscriptions/s/resourceGroups/rg/providers/${type}/${name}`,
    name,
    type,
    ...fields,
  };
  return {
    resourceId: resource.id,
    resourceType: type,
    subject: { kind: 'arm', resource },
    related,
  };
}

/** A snapshot of a Key Vault secret as the data plane returns it; the id names the resource. */
export function secretSnapshot(secret: KeyVaultSecret, resourceId = secret.id): Snapshot {
  return {
    resourceId,
    resourceType: 'Microsoft.KeyVault/vaults/secrets',
    subject: { kind: 'secret', secret },
    related: {},
  };
}
