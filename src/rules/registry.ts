import type { Rule, RuleId } from '../domain';
import { RULE_IDS } from '../domain';
import * as catalog from './catalog';
import { exportNameFor } from './export-name';

export { exportNameFor };

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code = 'rule-registry';
}

export interface RuleRegistry {
  readonly rules: readonly Rule[];
  get(id: RuleId): Rule;
  has(id: string): id is RuleId;
  /** Rules whose resource types include `type` (case-insensitive). */
  forType(type: string): readonly Rule[];
}

/** Builds a registry, checking ids against export names and the stable id list. */
export function createRegistry(entries: Record<string, Rule> = catalog): RuleRegistry {
  const byId = new Map<string, Rule>();
  for (const [exportName, rule] of Object.entries(entries)) {
    const id = rule.metadata.id;
    if (exportNameFor(id) !== exportName) {
      throw new RegistryError(
        `Rule export ${exportName} carries id ${id}; expected export ${exportNameFor(id)}.`,
      );
    }
    if (!(RULE_IDS as readonly string[]).includes(id)) {
      throw new RegistryError(`Rule id ${id} is not in the stable rule id list.`);
    }
    if (byId.has(id)) throw new RegistryError(`Rule id ${id} is registered twice.`);
    byId.set(id, rule);
  }
  const rules = RULE_IDS.flatMap((id) => {
    const rule = byId.get(id);
    return rule ? [rule] : [];
  });
  const byType = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const type of rule.metadata.resourceTypes) {
      const key = type.toLowerCase();
      byType.set(key, [...(byType.get(key) ?? []), rule]);
    }
  }
  return {
    rules,
    get(id) {
      const rule = byId.get(id);
      if (!rule) throw new RegistryError(`Unknown rule id ${id}.`);
      return rule;
    },
    has(id): id is RuleId {
      return byId.has(id);
    },
    forType(type) {
      return byType.get(type.toLowerCase()) ?? [];
    },
  };
}
