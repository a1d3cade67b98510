import type { SimPrincipal } from '../principal';
import type { EventGridEvent } from './event';

export type ResourceEventKind = 'write' | 'delete' | 'action';

const EVENT_TYPES: Record<ResourceEventKind, string> = {
  write: 'Microsoft.Resources.ResourceWriteSuccess',
  delete: 'Microsoft.Resources.ResourceDeleteSuccess',
  action: 'Microsoft.Resources.ResourceActionSuccess',
};

/** Claim URIs Azure Resource Manager uses in event claims. */
export const CLAIM_URIS = {
  objectId: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  tenantId: 'http://schemas.microsoft.com/identity/claims/tenantid',
  name: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  upn: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn',
  nameIdentifier: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
} as const;

export interface ResourceEventInput {
  kind: ResourceEventKind;
  id: string;
  resourceId: string;
  operationName: string;
  principal: SimPrincipal | undefined;
  tenantId: string;
  correlationId: string;
  eventTime: Date;
  /** Present for updates of existing resources, deletes and actions (as Azure does). */
  httpRequest?: { clientRequestId: string; clientIpAddress: string; method: string; url: string };
}

function stringClaim(claims: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = claims[name];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** ARM's claims block: the token's claims, identity claims under Azure's claim URIs. */
export function eventClaims(principal: SimPrincipal | undefined): Record<string, string> {
  if (!principal) return {};
  const claims: Record<string, string> = {};
  for (const name of ['aud', 'iss', 'iat', 'nbf', 'exp', 'ver']) {
    const v = stringClaim(principal.claims, name);
    if (v !== undefined) claims[name] = v;
  }
  if (principal.appid) {
    claims.appid = principal.appid;
    claims.appidacr = '2';
  }
  if (principal.name) {
    claims.name = principal.name;
    claims[CLAIM_URIS.name] = principal.name;
  }
  if (principal.upn) claims[CLAIM_URIS.upn] = principal.upn;
  if (principal.oid) {
    claims[CLAIM_URIS.objectId] = principal.oid;
    claims[CLAIM_URIS.nameIdentifier] = principal.oid;
  }
  if (principal.tid) claims[CLAIM_URIS.tenantId] = principal.tid;
  return claims;
}

const SUBSCRIPTION = /^\/subscriptions\/([^/]+)/i;
const PROVIDER = /\/providers\/([^/]+)\/[^/]+(?:\/[^/]+)*$/i;

/** The provider namespace that owns the last `/providers/` segment of an id. */
export function resourceProviderOf(resourceId: string): string {
  const parts = resourceId.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]?.toLowerCase() === 'providers' && parts[i + 1]) return parts[i + 1] ?? '';
  }
  return PROVIDER.exec(resourceId)?.[1] ?? '';
}

/** A `Microsoft.Resources.Resource{Write,Delete,Action}Success` event as Event Grid delivers it. */
export function resourceEvent(input: ResourceEventInput): EventGridEvent {
  const subscriptionId = SUBSCRIPTION.exec(input.resourceId)?.[1] ?? '';
  const data: Record<string, unknown> = {
    authorization: {
      scope: input.resourceId,
      action: input.operationName,
      evidence: { role: 'Contributor' },
    },
    claims: eventClaims(input.principal),
    correlationId: input.correlationId,
    resourceProvider: resourceProviderOf(input.resourceId),
    resourceUri: input.resourceId,
    operationName: input.operationName,
    status: 'Succeeded',
    subscriptionId,
    tenantId: input.tenantId,
  };
  if (input.httpRequest) data.httpRequest = input.httpRequest;
  return {
    id: input.id,
    topic: `/subscriptions/${subscriptionId}`,
    subject: input.resourceId,
    eventType: EVENT_TYPES[input.kind],
    eventTime: input.eventTime.toISOString(),
    data,
    dataVersion: '2',
    metadataVersion: '1',
  };
}
