import type { Principal } from '../domain';
import { boundedText, MAX_EVENT_LABEL_CHARS } from '../store/text-limits';

const OBJECT_ID_CLAIMS = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const APP_ID_CLAIMS = ['appid', 'azp'];
const NAME_CLAIMS = ['name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name'];
const UPN_CLAIMS = ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn', 'upn'];

function first(claims: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    // Claims are the caller's to fill: bounded here, before a card or the ledger shows them.
    if (typeof value === 'string' && value.trim() !== '')
      return boundedText(value.trim(), MAX_EVENT_LABEL_CHARS);
  }
  return undefined;
}

/**
 * Who made the change, from an ARM event's `claims` (the caller's token claims). ward knows
 * its own writes by the object id; a service principal has an app id and no UPN.
 */
export function principalFromClaims(
  claims: Record<string, unknown> | undefined,
): Principal | undefined {
  if (!claims) return undefined;
  const principal: Principal = {};
  const objectId = first(claims, OBJECT_ID_CLAIMS);
  const appId = first(claims, APP_ID_CLAIMS);
  const name = first(claims, NAME_CLAIMS);
  const upn = first(claims, UPN_CLAIMS);
  if (objectId) principal.objectId = objectId;
  if (appId) principal.appId = appId;
  if (name) principal.name = name;
  if (upn) principal.upn = upn;
  return Object.keys(principal).length > 0 ? principal : undefined;
}
