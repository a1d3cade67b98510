import type { RuleId, Severity } from '../domain';
import type { TagExemptionSettings } from '../config/tag-exemptions';
import { parseExpiry } from './expiry';

export const EXEMPT_TAG = 'ward-exempt';
export const EXEMPT_UNTIL_TAG = 'ward-exempt-until';

const DAY_MS = 86_400_000;

/**
 * - `none`: no tag names the rule;
 * - `invalid`: the tag names the rule but its expiry is missing, unreadable or past;
 * - `refused`: a readable tag the policy does not allow (tag exemptions off, a severity or rule
 *   the policy leaves out, or longer than its maximum);
 * - `exempt`: the policy allows it, until `until`.
 */
export type TagExemption =
  | { kind: 'none' }
  | { kind: 'exempt'; until: Date; maxDays: number }
  | { kind: 'invalid'; why: string }
  | { kind: 'refused'; why: string };

/** What the policy lets a tag exempt, and the rule's severity (unknown is never exempted). */
export interface TagExemptionGate {
  settings: TagExemptionSettings;
  severity: Severity | undefined;
}

/** Azure tag names are case-insensitive. */
function tagValue(tags: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** Why the policy does not let a tag exempt this rule, or undefined when it does. */
function refusal(ruleId: RuleId, gate: TagExemptionGate): string | undefined {
  const { settings, severity } = gate;
  if (!settings.enabled) {
    return `tag exemptions are off in the policy (tagExemptions.enabled); an approver's exemption record is the way to exempt ${ruleId}`;
  }
  if (severity === undefined || !settings.severities.includes(severity)) {
    return `the policy does not let a tag exempt a ${severity ?? 'rule of unknown severity'} finding (tagExemptions.severities: ${settings.severities.join(', ') || 'none'}); an approver's exemption record is the way`;
  }
  if (settings.rules !== undefined && !settings.rules.includes(ruleId)) {
    return `the policy does not let a tag exempt ${ruleId} (tagExemptions.rules)`;
  }
  return undefined;
}

/**
 * Reads `ward-exempt: <rule-id>[,<rule-id>] | *` with `ward-exempt-until: <ISO date>`, and
 * applies the policy's limits: whoever made the change can set these tags too, so a tag
 * exempts only what the policy opts in to, for at most `maxDays` from now.
 */
export function tagExemption(
  tags: Readonly<Record<string, string>> | undefined,
  ruleId: RuleId,
  now: Date,
  gate: TagExemptionGate,
): TagExemption {
  if (!tags) return { kind: 'none' };
  const listed = tagValue(tags, EXEMPT_TAG);
  if (listed === undefined) return { kind: 'none' };
  const ids = listed
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id.length > 0);
  if (!ids.includes('*') && !ids.includes(ruleId)) return { kind: 'none' };
  const refused = refusal(ruleId, gate);
  if (refused !== undefined) return { kind: 'refused', why: refused };
  const untilText = tagValue(tags, EXEMPT_UNTIL_TAG);
  if (untilText === undefined || untilText.trim() === '') {
    return {
      kind: 'invalid',
      why: `the ${EXEMPT_TAG} tag names ${ruleId} but ${EXEMPT_UNTIL_TAG} is missing; an exemption needs an expiry`,
    };
  }
  const until = parseExpiry(untilText);
  if (!until) {
    return {
      kind: 'invalid',
      why: `${EXEMPT_UNTIL_TAG} ${JSON.stringify(untilText.slice(0, 64))} is not an ISO date (YYYY-MM-DD or a date-time with offset)`,
    };
  }
  if (now.getTime() >= until.getTime()) {
    return { kind: 'invalid', why: `the ${EXEMPT_TAG} tag expired at ${until.toISOString()}` };
  }
  const { maxDays } = gate.settings;
  if (until.getTime() - now.getTime() > maxDays * DAY_MS) {
    return {
      kind: 'refused',
      why: `${EXEMPT_UNTIL_TAG} ${until.toISOString()} is more than ${maxDays} days away (tagExemptions.maxDays)`,
    };
  }
  return { kind: 'exempt', until, maxDays };
}
