import type { Principal } from '../domain';

/**
 * Who set an exemption tag: the principal of the write the event reports (its claims). A
 * signal without claims (the sweep) cannot say, and the text says so.
 */
export function describeTagSetter(principal: Principal | undefined): string {
  if (!principal) return 'an unknown principal (no event claims: found by the sweep)';
  const who = principal.upn ?? principal.name ?? principal.appId ?? principal.objectId;
  const oid =
    principal.objectId && principal.objectId !== who ? ` (object id ${principal.objectId})` : '';
  return `${who ?? 'an unnamed principal'}${oid}, from the event's claims`;
}
