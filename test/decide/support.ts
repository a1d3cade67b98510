import type { Finding, RuleId, RuleMetadata } from '../../src/domain';
import { policySchema } from '../../src/config/policy';
import type { Policy, PolicyInput } from '../../src/config/policy';
import type { DecideInput } from '../../src/decide';

export const SUB = '/subscriptions/00000000-0000-0000-0000-0000000000aa';
export const RG = `${SUB}/resourceGroups/rg-ml`;
export const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/mldata`;
export const NOW = new Date('2026-11-23T12:00:00Z');

export function policy(input: PolicyInput = {}): Policy {
  return policySchema.parse(input);
}

export function finding(ruleId: RuleId = 'storage-min-tls-1-2', resourceId = STORAGE): Finding {
  return {
    fingerprint: 'f'.repeat(32),
    ruleId,
    resourceId,
    resourceType: 'Microsoft.Storage/storageAccounts',
    severity: 'medium',
    message: 'minimumTlsVersion is TLS1_0',
    evidence: [{ path: 'properties.minimumTlsVersion', actual: 'TLS1_0', expected: 'TLS1_2' }],
    evaluatedAt: NOW.toISOString(),
  };
}

export type RuleMeta = Pick<RuleMetadata, 'id' | 'defaultMode' | 'remedy' | 'severity'>;

export const TLS_RULE: RuleMeta = {
  id: 'storage-min-tls-1-2',
  severity: 'medium',
  defaultMode: 'auto',
  remedy: { actionId: 'storage-set-min-tls-1-2', summary: 'Set TLS1_2.' },
};

export const SHARED_KEY_RULE: RuleMeta = {
  id: 'storage-shared-key-disabled',
  severity: 'medium',
  defaultMode: 'ticket',
  remedy: { actionId: 'none', summary: 'Ticket: apps must move to Entra ID first.' },
};

/** A high-severity rule whose fix needs `Microsoft.KeyVault/vaults/write`. */
export const PURGE_RULE: RuleMeta = {
  id: 'keyvault-purge-protection-enabled',
  severity: 'high',
  defaultMode: 'approve',
  remedy: { actionId: 'keyvault-enable-purge-protection', summary: 'Turn on purge protection.' },
};

/** The policy with tag exemptions opted in (the defaults otherwise). */
export function tagPolicy(input: PolicyInput = {}): Policy {
  return policy({ ...input, tagExemptions: { enabled: true, ...input.tagExemptions } });
}

export function input(overrides: Partial<DecideInput> = {}): DecideInput {
  const rule = overrides.rule ?? TLS_RULE;
  return {
    finding: finding(rule.id),
    rule,
    policy: policy(),
    resourceTags: {},
    activeExemptions: [],
    now: NOW,
    budget: { allowed: true, used: 0, limit: 10 },
    fixesInWindow: 0,
    ...overrides,
  };
}
