import type { Mode, RuleId } from '../domain';
import type { Policy } from '../config/policy';
import { scopeContains, scopeDepth } from './scope';

export type ModeSource =
  | { kind: 'rule-default' }
  | { kind: 'policy-rule' }
  /** A scope's `rules[id].mode` (`rule`) or its `mode` for every rule (`scope`). */
  | { kind: 'scope'; scope: string; via: 'rule' | 'scope' };

export interface ModeResolution {
  mode: Mode;
  source: ModeSource;
}

/**
 * The mode config gives a rule on a resource: the rule's default, overridden by
 * `policy.rules[id]`, overridden by the most specific scope that says something about the rule
 * (its `rules[id].mode` before its `mode`). Scopes of equal depth: the later one in the file wins.
 */
export function resolveMode(
  ruleId: RuleId,
  resourceId: string,
  policy: Policy,
  defaultMode: Mode,
): ModeResolution {
  const matching = policy.scopes
    .map((entry, index) => ({ entry, index, depth: scopeDepth(entry.scope) }))
    .filter(({ entry }) => scopeContains(entry.scope, resourceId))
    .sort((a, b) => b.depth - a.depth || b.index - a.index);
  for (const { entry } of matching) {
    const ruleMode = entry.rules[ruleId]?.mode;
    if (ruleMode)
      return { mode: ruleMode, source: { kind: 'scope', scope: entry.scope, via: 'rule' } };
    if (entry.mode)
      return { mode: entry.mode, source: { kind: 'scope', scope: entry.scope, via: 'scope' } };
  }
  const policyMode = policy.rules[ruleId]?.mode;
  if (policyMode) return { mode: policyMode, source: { kind: 'policy-rule' } };
  return { mode: defaultMode, source: { kind: 'rule-default' } };
}

/** The configured mode of a rule on a resource, before exemptions and guardrails. */
export function effectiveMode(
  ruleId: RuleId,
  resourceId: string,
  policy: Policy,
  defaultMode: Mode,
): Mode {
  return resolveMode(ruleId, resourceId, policy, defaultMode).mode;
}

export function describeModeSource(ruleId: RuleId, resolution: ModeResolution): string {
  const { mode, source } = resolution;
  switch (source.kind) {
    case 'rule-default':
      return `mode ${mode} is the default of ${ruleId}`;
    case 'policy-rule':
      return `mode ${mode} is set for ${ruleId} in policy rules`;
    case 'scope':
      return source.via === 'rule'
        ? `mode ${mode} is set for ${ruleId} in scope ${source.scope}`
        : `mode ${mode} is set for every rule in scope ${source.scope}`;
  }
}
