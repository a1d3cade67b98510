import type { Decision, Finding } from '../domain';
import type { WardContext } from './context';
import { raiseAlert } from './notify';
import type { Correlation } from './notify';

/**
 * A resource exempted by its own tag is news for the ops channel: whoever made the change may
 * have set the tag. Announced (and recorded as an alert) when a change event brings it; the
 * sweep, which sees the same tag on every run, does not repeat it.
 */
export async function announceTagExemption(
  ctx: WardContext,
  decision: Decision,
  finding: Finding,
  fromSweep: boolean,
  relatedId: string,
  ids: Correlation,
): Promise<boolean> {
  const reason = decision.reasons.find((r) => r.code === 'exempt-tag');
  if (reason === undefined || fromSweep) return false;
  await raiseAlert(
    ctx,
    {
      kind: 'tag-exemption',
      summary: `${finding.resourceId} is exempt from ${finding.ruleId} by its own tag: ${reason.text}.`,
      finding,
      relatedId,
    },
    ids,
  );
  return true;
}
