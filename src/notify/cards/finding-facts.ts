import type { Finding } from '../../domain';
import type { CardElement } from '../types';
import { field, plain, resourceFacts } from './elements';
import { truncateText, type ContentLimits } from './limits';

/** The resource, rule and severity block every finding card starts with. */
export function findingFacts(
  finding: Finding,
  ruleTitle: string,
  limits: ContentLimits,
): CardElement[] {
  return [
    ...resourceFacts(finding.resourceId),
    field('Type', finding.resourceType),
    field('Rule', `${ruleTitle} (${finding.ruleId})`),
    field('Severity', finding.severity),
    plain(truncateText(finding.message, limits.maxValueChars)),
  ];
}
