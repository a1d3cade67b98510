import type { Finding } from '../../domain';
import type { CardElement } from '../types';
import { field, plain } from './elements';
import { truncateText, type ContentLimits } from './limits';

/** The resource, rule and severity block every finding card starts with. */
export function findingFacts(
  finding: Finding,
  ruleTitle: string,
  limits: ContentLimits,
): CardElement[] {
  return [
    field('Resource', finding.resourceId, true),
    field('Type', finding.resourceType),
    field('Rule', `${ruleTitle} (${finding.ruleId})`),
    field('Severity', finding.severity),
    plain(truncateText(finding.message, limits.maxValueChars)),
  ];
}
