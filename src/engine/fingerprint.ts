import { createHash } from 'node:crypto';
import type { Finding, RuleResult } from '../domain';

/**
 * A finding's identity is the rule and the resource, case-folded because ARM ids are
 * case-insensitive; the evidence may change while the finding stays the same.
 */
export function fingerprintOf(ruleId: string, resourceId: string): string {
  return createHash('sha256')
    .update(`${ruleId}\n${resourceId.toLowerCase()}`)
    .digest('hex')
    .slice(0, 32);
}

export function toFinding(result: RuleResult, evaluatedAt: Date): Finding {
  return {
    fingerprint: fingerprintOf(result.ruleId, result.resourceId),
    ruleId: result.ruleId,
    resourceId: result.resourceId,
    resourceType: result.resourceType,
    severity: result.severity,
    message: result.message,
    evidence: result.evidence,
    evaluatedAt: evaluatedAt.toISOString(),
  };
}
