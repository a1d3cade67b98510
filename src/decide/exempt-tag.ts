import type { RuleId } from '../domain';
import { parseExpiry } from './expiry';

export const EXEMPT_TAG = 'ward-exempt';
export const EXEMPT_UNTIL_TAG = 'ward-exempt-until';

export type TagExemption =
  { kind: 'none' } | { kind: 'exempt'; until: Date } | { kind: 'invalid'; why: string };

/** Azure tag names are case-insensitive. */
function tagValue(tags: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/**
 * Reads `ward-exempt: <rule-id>[,<rule-id>] | *` with `ward-exempt-until: <ISO date>`. A tag that
 * names the rule without a readable, future expiry exempts nothing and says why.
 */
export function tagExemption(
  tags: Readonly<Record<string, string>> | undefined,
  ruleId: RuleId,
  now: Date,
): TagExemption {
  if (!tags) return { kind: 'none' };
  const listed = tagValue(tags, EXEMPT_TAG);
  if (listed === undefined) return { kind: 'none' };
  const ids = listed
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id.length > 0);
  if (!ids.includes('*') && !ids.includes(ruleId)) return { kind: 'none' };
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
      why: `${EXEMPT_UNTIL_TAG} ${JSON.stringify(untilText)} is not an ISO date (YYYY-MM-DD or a date-time with offset)`,
    };
  }
  if (now.getTime() >= until.getTime()) {
    return { kind: 'invalid', why: `the ${EXEMPT_TAG} tag expired at ${until.toISOString()}` };
  }
  return { kind: 'exempt', until };
}
