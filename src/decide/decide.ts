import type {
  Decision,
  DecisionReason,
  DecisionVerb,
  Finding,
  Mode,
  Principal,
  RuleId,
  RuleMetadata,
} from '../domain';
import type { Policy } from '../config/policy';
import { tagExemption, EXEMPT_TAG } from './exempt-tag';
import { describeTagSetter } from './tag-setter';
import { vaultWriteWithheld } from './vault-writes';
import { isActiveAt } from './expiry';
import { describeModeSource, resolveMode } from './mode';
import { scopeContains } from './scope';

/** An exemption from the policy file or from the exemption store. */
export interface ExemptionLike {
  id?: string;
  ruleId: RuleId | '*';
  scope: string;
  reason: string;
  expires: string;
  createdBy?: string;
}

/** The budget's state before this change; `unknown` when it could not be read (fail closed). */
export type BudgetState = { allowed: boolean; used: number; limit: number } | 'unknown';

export interface DecideInput {
  finding: Finding;
  /** Without a severity, no tag exempts the rule (fail closed). */
  rule: Pick<RuleMetadata, 'id' | 'defaultMode' | 'remedy'> &
    Partial<Pick<RuleMetadata, 'severity'>>;
  policy: Policy;
  /** Tags of the resource (for a secret: its own tags). */
  resourceTags?: Readonly<Record<string, string>>;
  /** Who made the change, from the event's claims: who set any exemption tag it carries. */
  changedBy?: Principal;
  /** Exemption records from the store; policy-file exemptions are read from `policy`. */
  activeExemptions: readonly ExemptionLike[];
  now: Date;
  budget: BudgetState;
  /** Fixes ward made for this rule on this resource within the policy's flap window. */
  fixesInWindow: number;
  /** The signal came from ward's own identity. */
  ownPrincipal?: boolean;
  /**
   * The ARM id scopes and exemptions are matched against, when the finding's resource id is
   * not one (a Key Vault secret's identifier URL: pass its vault's ARM id). Defaults to it.
   */
  scopeId?: string;
}

export class DecideError extends Error {
  override readonly name = 'DecideError';
  constructor(
    readonly code: 'DECIDE_RULE_MISMATCH',
    message: string,
  ) {
    super(message);
  }
}

const VERB_OF_MODE: Record<Mode, DecisionVerb> = {
  auto: 'remediate',
  approve: 'request-approval',
  ticket: 'open-ticket',
  audit: 'record',
  off: 'none',
};

const CHANGING_MODES: readonly Mode[] = ['auto', 'approve'];

function describeExemption(exemption: ExemptionLike, source: 'policy' | 'store'): string {
  const who = exemption.createdBy ? ` by ${exemption.createdBy}` : '';
  const what = source === 'policy' ? 'policy exemption' : `exemption ${exemption.id ?? ''}`.trim();
  return (
    `${what} for ${exemption.ruleId === '*' ? 'every rule' : exemption.ruleId} on ` +
    `${exemption.scope}${who} until ${exemption.expires}: ${exemption.reason}`
  );
}

/**
 * Decides what to do with one finding. Pure: every fact (time, tags, exemptions, budget state,
 * flap count) comes in. The order, each step adding its reason:
 *
 * 1. mode: rule default < `policy.rules[id]` < the most specific matching scope;
 * 2. `off` → none;
 * 3. exemptions (resource tag where the policy allows it, policy-file and stored records) → record;
 * 4. ward's own change → record (never starts another change);
 * 5. a remedy without an action, or one needing vault writes the policy withholds, in
 *    auto/approve → open-ticket (no-action, vault-writes-off);
 * 6. protected scope: auto → approve;
 * 7. flapping (auto/approve with fixes in window ≥ threshold) → open-ticket;
 * 8. budget spent or unknown: auto → approve;
 * 9. dry run: the verb stands, `dryRun` is set and no write may follow.
 *
 * The budget is read here, never consumed: the executor consumes it (tryConsume) right before
 * the write, and falls back to an approval if that refuses, so concurrent decisions cannot
 * overspend it.
 */
export function decide(input: DecideInput): Decision {
  const { finding, rule, policy, now } = input;
  if (finding.ruleId !== rule.id) {
    throw new DecideError(
      'DECIDE_RULE_MISMATCH',
      `Finding of rule ${finding.ruleId} was given the metadata of ${rule.id}.`,
    );
  }
  const ruleId = finding.ruleId;
  const scopeId = input.scopeId ?? finding.resourceId;
  const reasons: DecisionReason[] = [];
  const dryRun = policy.dryRun;

  const finish = (mode: Mode, verb: DecisionVerb): Decision => {
    if (dryRun) {
      reasons.push({
        code: 'dry-run',
        text: 'dry run is on: the decision is recorded and nothing is changed',
      });
    }
    const actionId = rule.remedy.actionId;
    const decision: Decision = { finding, mode, verb, dryRun, reasons };
    if ((verb === 'remediate' || verb === 'request-approval') && actionId !== 'none') {
      decision.actionId = actionId;
    }
    return decision;
  };

  const resolution = resolveMode(ruleId, scopeId, policy, rule.defaultMode);
  reasons.push({ code: 'mode', text: describeModeSource(ruleId, resolution) });
  let mode = resolution.mode;

  if (mode === 'off') {
    reasons.push({ code: 'rule-off', text: `${ruleId} is off here: nothing is done` });
    return finish('off', 'none');
  }

  let exempt = false;
  const tag = tagExemption(input.resourceTags, ruleId, now, {
    settings: policy.tagExemptions,
    severity: rule.severity,
  });
  if (tag.kind === 'invalid') {
    reasons.push({ code: 'exempt-tag-invalid', text: `not exempt: ${tag.why}` });
  } else if (tag.kind === 'refused') {
    reasons.push({ code: 'exempt-tag-refused', text: `not exempt: ${tag.why}` });
  } else if (tag.kind === 'exempt') {
    exempt = true;
    reasons.push({
      code: 'exempt-tag',
      text:
        `the resource's ${EXEMPT_TAG} tag exempts ${ruleId} until ${tag.until.toISOString()} ` +
        `(policy maximum ${tag.maxDays} days); tag set by ${describeTagSetter(input.changedBy)}`,
    });
  }
  const records = [
    ...policy.exemptions.map((exemption) => ({ exemption, source: 'policy' as const })),
    ...input.activeExemptions.map((exemption) => ({ exemption, source: 'store' as const })),
  ].filter(
    ({ exemption }) =>
      (exemption.ruleId === '*' || exemption.ruleId === ruleId) &&
      scopeContains(exemption.scope, scopeId) &&
      isActiveAt(exemption.expires, now),
  );
  for (const { exemption, source } of records) {
    exempt = true;
    reasons.push({ code: 'exempt-record', text: describeExemption(exemption, source) });
  }
  if (exempt) return finish('audit', 'record');

  if (input.ownPrincipal === true) {
    reasons.push({
      code: 'own-change',
      text: "the change came from ward's own identity: it is recorded and starts no other change",
    });
    return finish('audit', 'record');
  }

  if (
    CHANGING_MODES.includes(mode) &&
    vaultWriteWithheld(rule.remedy.actionId, policy.vaultWrites)
  ) {
    reasons.push({
      code: 'vault-writes-off',
      text: `${rule.remedy.actionId} needs Microsoft.KeyVault/vaults/write, which the policy withholds (vaultWrites.enabled): a ticket is opened`,
    });
    return finish('ticket', 'open-ticket');
  }

  if (CHANGING_MODES.includes(mode) && rule.remedy.actionId === 'none') {
    reasons.push({
      code: 'no-action',
      text: `${ruleId} has no remediation action (${rule.remedy.summary}): a ticket is opened`,
    });
    return finish('ticket', 'open-ticket');
  }

  if (mode === 'auto') {
    const protectedScope = policy.guardrails.protectedScopes.find((scope) =>
      scopeContains(scope, scopeId),
    );
    if (protectedScope !== undefined) {
      reasons.push({
        code: 'protected-scope',
        text: `${protectedScope} is a protected scope: ward asks for approval instead of changing it`,
      });
      mode = 'approve';
    }
  }

  const { threshold, windowMinutes } = policy.guardrails.flap;
  if (CHANGING_MODES.includes(mode) && input.fixesInWindow >= threshold) {
    reasons.push({
      code: 'flapping',
      text:
        `ward fixed ${ruleId} here ${input.fixesInWindow} times in the last ${windowMinutes} ` +
        `minutes (threshold ${threshold}): something keeps undoing it, so a ticket is opened instead`,
    });
    return finish('ticket', 'open-ticket');
  }

  if (mode === 'auto') {
    const { budget } = input;
    if (budget === 'unknown' || !budget.allowed) {
      reasons.push({
        code: 'budget-exhausted',
        text:
          budget === 'unknown'
            ? 'the change budget could not be read: ward asks for approval instead (fail closed)'
            : `the change budget is spent (${budget.used} of ${budget.limit} in the window): ` +
              'ward asks for approval instead',
      });
      mode = 'approve';
    }
  }

  return finish(mode, VERB_OF_MODE[mode]);
}
