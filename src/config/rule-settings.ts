import type { RuleSettings } from '../domain';
import type { Policy } from './policy';

/** The policy values rules read, passed in so rules stay pure. */
export function ruleSettingsFrom(policy: Policy): RuleSettings {
  return {
    secretNearExpiryDays: policy.secrets.nearExpiryDays,
    requireCustomerManagedKey: policy.workspaces.requireCustomerManagedKey,
  };
}
