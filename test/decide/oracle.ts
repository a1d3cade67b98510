import type { DecisionReasonCode, DecisionVerb, Mode } from '../../src/domain';
import type { DecideInput } from '../../src/decide';

/**
 * What decide should answer, restated from docs/configuration.md and the design's Decide step
 * without any of src/decide's helpers, so the property tests compare two independent readings
 * of the rules instead of the code with itself. Deliberately plain: loops and string splits.
 */
export interface Expected {
  mode: Mode;
  verb: DecisionVerb;
  dryRun: boolean;
  actionId?: string;
  reasons: DecisionReasonCode[];
}

/** "auto applies the fix, approve asks, ticket opens one, audit records, off does nothing." */
export function verbOf(mode: Mode): DecisionVerb {
  if (mode === 'auto') return 'remediate';
  if (mode === 'approve') return 'request-approval';
  if (mode === 'ticket') return 'open-ticket';
  if (mode === 'audit') return 'record';
  return 'none';
}

/** ARM scopes: segment by segment, case-insensitively; a trailing slash means nothing. */
function segments(id: string): string[] {
  return id
    .toLowerCase()
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function covers(scope: string, resourceId: string): boolean {
  const outer = segments(scope);
  const inner = segments(resourceId);
  if (outer.length === 0 || outer.length > inner.length) return false;
  for (let i = 0; i < outer.length; i += 1) {
    if (outer[i] !== inner[i]) return false;
  }
  return true;
}

/**
 * "An ISO date (2027-03-31) or date-time with offset (2027-03-31T18:00:00Z)"; a plain date ends as
 * its day begins (UTC). Anything else is not an expiry.
 */
export function expiryOf(text: string): number | undefined {
  const value = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const at = Date.UTC(year, month - 1, date);
    const back = new Date(at);
    const real = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1;
    return real && back.getUTCDate() === date ? at : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : at;
  }
  return undefined;
}

/** "Among the scopes that contain the resource, the most specific one ... that says something." */
export function configuredMode(given: DecideInput, resourceId: string): Mode {
  const ruleId = given.rule.id;
  let best: { depth: number; mode: Mode } | undefined;
  for (const entry of given.policy.scopes) {
    if (!covers(entry.scope, resourceId)) continue;
    const says = entry.rules[ruleId]?.mode ?? entry.mode;
    if (says === undefined) continue;
    const depth = segments(entry.scope).length;
    // Of two equally deep, the later in the file wins: `>=` lets a later one replace.
    if (best === undefined || depth >= best.depth) best = { depth, mode: says };
  }
  return best?.mode ?? given.policy.rules[ruleId]?.mode ?? given.rule.defaultMode;
}

type TagReading = 'none' | 'exempt' | 'invalid' | 'refused';

const DAY = 86_400_000;

/** `ward-exempt: <ids, comma separated> | *` with a readable, future `ward-exempt-until`. */
function readTags(given: DecideInput): TagReading {
  const tags = given.resourceTags ?? {};
  let listed: string | undefined;
  let until: string | undefined;
  for (const [name, value] of Object.entries(tags)) {
    if (name.toLowerCase() === 'ward-exempt') listed = value;
    if (name.toLowerCase() === 'ward-exempt-until') until = value;
  }
  if (listed === undefined) return 'none';
  const ids = listed.split(',').map((id) => id.trim().toLowerCase());
  if (!ids.includes('*') && !ids.includes(given.rule.id)) return 'none';
  // "Tags exempt nothing unless the policy opts in, for the severities and rules it lists."
  const allowed = given.policy.tagExemptions;
  if (!allowed.enabled) return 'refused';
  if (given.rule.severity === undefined || !allowed.severities.includes(given.rule.severity))
    return 'refused';
  if (allowed.rules !== undefined && !allowed.rules.includes(given.rule.id)) return 'refused';
  const ends = until === undefined ? undefined : expiryOf(until);
  if (ends === undefined || ends <= given.now.getTime()) return 'invalid';
  // "... and never for longer than maxDays."
  if (ends - given.now.getTime() > allowed.maxDays * DAY) return 'refused';
  return 'exempt';
}

export function expectedDecision(given: DecideInput): Expected {
  const resourceId = given.scopeId ?? given.finding.resourceId;
  const reasons: DecisionReasonCode[] = ['mode'];
  const dryRun = given.policy.dryRun;
  const action = given.rule.remedy.actionId;
  const done = (mode: Mode): Expected => {
    const verb = verbOf(mode);
    if (dryRun) reasons.push('dry-run');
    const changes = verb === 'remediate' || verb === 'request-approval';
    return {
      mode,
      verb,
      dryRun,
      reasons,
      ...(changes && action !== 'none' ? { actionId: action } : {}),
    };
  };

  let mode = configuredMode(given, resourceId);
  if (mode === 'off') {
    reasons.push('rule-off');
    return done('off');
  }

  const tags = readTags(given);
  if (tags === 'invalid') reasons.push('exempt-tag-invalid');
  if (tags === 'refused') reasons.push('exempt-tag-refused');
  if (tags === 'exempt') reasons.push('exempt-tag');
  for (const record of [...given.policy.exemptions, ...given.activeExemptions]) {
    const forRule = record.ruleId === '*' || record.ruleId === given.rule.id;
    const ends = expiryOf(record.expires);
    const active = ends !== undefined && given.now.getTime() < ends;
    if (forRule && covers(record.scope, resourceId) && active) reasons.push('exempt-record');
  }
  if (reasons.includes('exempt-tag') || reasons.includes('exempt-record')) return done('audit');

  if (given.ownPrincipal === true) {
    reasons.push('own-change');
    return done('audit');
  }

  const changing = (m: Mode): boolean => m === 'auto' || m === 'approve';
  const vaultWrite =
    action === 'keyvault-enable-purge-protection' || action === 'keyvault-disable-public-network';
  if (changing(mode) && vaultWrite && !given.policy.vaultWrites.enabled) {
    reasons.push('vault-writes-off');
    return done('ticket');
  }
  if (changing(mode) && action === 'none') {
    reasons.push('no-action');
    return done('ticket');
  }
  if (
    mode === 'auto' &&
    given.policy.guardrails.protectedScopes.some((s) => covers(s, resourceId))
  ) {
    reasons.push('protected-scope');
    mode = 'approve';
  }
  if (changing(mode) && given.fixesInWindow >= given.policy.guardrails.flap.threshold) {
    reasons.push('flapping');
    return done('ticket');
  }
  if (mode === 'auto' && (given.budget === 'unknown' || !given.budget.allowed)) {
    reasons.push('budget-exhausted');
    mode = 'approve';
  }
  return done(mode);
}
