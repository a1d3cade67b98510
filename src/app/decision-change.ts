import type { FindingWork } from './finding-work';

/**
 * Tells the live view that acting on a decision turned it into something else (an approval into
 * a ticket because the API cannot make the change in place), with the reason in one line.
 */
export function announceChange(
  work: Pick<FindingWork, 'ctx' | 'finding'>,
  from: string,
  to: string,
  why: string,
): void {
  work.ctx.hub.emit({
    type: 'changed',
    resourceId: work.finding.resourceId,
    ruleId: work.finding.ruleId,
    from,
    to,
    why,
  });
}
