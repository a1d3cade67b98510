import type { EvaluationContext, RuleResult, Snapshot } from '../domain';
import type { RuleRegistry } from '../rules/registry';

/**
 * Runs every rule that applies to the snapshot's type. A rule that throws yields `error` for
 * that resource and never stops the others.
 */
export function evaluateSnapshot(
  registry: RuleRegistry,
  snapshot: Snapshot,
  context: EvaluationContext,
): RuleResult[] {
  return registry.forType(snapshot.resourceType).map((rule) => {
    const base = {
      resourceId: snapshot.resourceId,
      resourceType: snapshot.resourceType,
      ruleId: rule.metadata.id,
      severity: rule.metadata.severity,
    };
    try {
      return { ...base, ...rule.evaluate(snapshot, context) };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        ...base,
        status: 'error' as const,
        message: `Rule threw while evaluating: ${reason}`,
        evidence: [],
      };
    }
  });
}
