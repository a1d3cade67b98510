import type { TicketSystemName, TicketSystemsPolicy } from '../config/ticket-systems';
import type { RuleId } from '../domain';

function inScope(resourceId: string, scope: string): boolean {
  const a = resourceId.toLowerCase();
  const b = scope.toLowerCase().replace(/\/$/, '');
  return a === b || a.startsWith(`${b}/`);
}

/** The system a finding's ticket goes to: the first matching route, else the default. */
export function systemFor(
  policy: TicketSystemsPolicy,
  ruleId: RuleId,
  resourceId: string,
): TicketSystemName | undefined {
  for (const route of policy.routes) {
    if (route.rules && !route.rules.includes(ruleId)) continue;
    if (route.scope && !inScope(resourceId, route.scope)) continue;
    return route.system;
  }
  return policy.default;
}
